"""Issue 15: measurements people can correct: precision, edit, delete, history, plausibility."""

from __future__ import annotations

from decimal import Decimal

import pytest

from localret.strategy import plausibility
from localret.strategy.models import Indicator, Measurement
from tests.conftest import api_client

from .factories import make_plan

pytestmark = pytest.mark.django_db
URL = "/api/v1/indicators/{code}/measurements"


@pytest.fixture
def indicator(staff_user) -> Indicator:  # type: ignore[no-untyped-def]
    make_plan(staff_user, slug="aprovat")
    client = api_client(staff_user)
    payload = {
        "code": "PCT-1",
        "name": "Ajuntaments amb seu electrònica",
        "plan": "aprovat",
        "action_line": "1.1",
        "unit": "%",
        "baseline_value": 10,
        "baseline_date": "2024-01-01",
        "target_value": 80,
        "target_date": "2027-12-31",
    }
    assert (
        client.post("/api/v1/indicators", payload, content_type="application/json").status_code
        == 201
    )
    return Indicator.objects.get(code="PCT-1")


def _post(user, code: str, body: dict):  # type: ignore[no-untyped-def]
    return api_client(user).post(URL.format(code=code), body, content_type="application/json")


def test_six_decimals_as_json_number_or_text_are_kept(staff_user, indicator) -> None:  # type: ignore[no-untyped-def]
    r = _post(staff_user, "PCT-1", {"date": "2024-03-31", "value": 12.345678})
    assert r.status_code == 201, r.content
    assert r.json()["value"] == 12.345678
    assert isinstance(r.json()["id"], int)
    assert Measurement.objects.get(pk=r.json()["id"]).value == Decimal("12.345678")
    r = _post(staff_user, "PCT-1", {"date": "2024-06-30", "value": "13.1234567"})
    assert r.status_code == 201, r.content
    assert Measurement.objects.get(pk=r.json()["id"]).value == Decimal("13.1234567")
    # More than 8 decimals: rounded, not refused.
    r = _post(staff_user, "PCT-1", {"date": "2024-07-31", "value": 13.333333333333334})
    assert r.status_code == 201, r.content
    assert Measurement.objects.get(pk=r.json()["id"]).value == Decimal("13.33333333")
    listed = api_client(staff_user).get("/api/v1/indicators/PCT-1").json()["measurements"]
    assert {m["id"] for m in listed} == set(Measurement.objects.values_list("pk", flat=True))
    assert 12.345678 in [m["value"] for m in listed]


def test_impossible_values_are_refused_naming_the_value(staff_user, indicator) -> None:  # type: ignore[no-untyped-def]
    for value in (820, -1, "NaN", "abc"):
        r = _post(staff_user, "PCT-1", {"date": "2024-03-31", "value": value})
        assert r.status_code == 422, (value, r.content)
        assert r.json()["errors"][0]["field"] == "value"
    assert not Measurement.objects.exists()


def test_staff_widen_the_range_for_an_indicator(staff_user, indicator) -> None:  # type: ignore[no-untyped-def]
    client = api_client(staff_user)
    r = client.patch(
        "/api/v1/indicators/PCT-1", {"plausible_high": 150}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["plausible_high"] == 150
    assert _post(staff_user, "PCT-1", {"date": "2024-03-31", "value": 104.5}).status_code == 201
    assert _post(staff_user, "PCT-1", {"date": "2024-06-30", "value": 151}).status_code == 422


def test_a_far_jump_is_recorded_with_a_warning(staff_user, indicator) -> None:  # type: ignore[no-untyped-def]
    for date, value in (("2024-03-31", 20), ("2024-06-30", 22), ("2024-09-30", 24)):
        r = _post(staff_user, "PCT-1", {"date": date, "value": value})
        assert r.json()["warnings"] == []
    r = _post(staff_user, "PCT-1", {"date": "2024-12-31", "value": 95})
    assert r.status_code == 201
    assert r.json()["warnings"] and "far from the series" in r.json()["warnings"][0]
    assert Measurement.objects.filter(value=95).exists()


def test_patch_corrects_value_date_and_municipality_with_history(staff_user, indicator) -> None:  # type: ignore[no-untyped-def]
    mid = _post(staff_user, "PCT-1", {"date": "2024-03-31", "value": 20}).json()["id"]
    url = f"{URL.format(code='PCT-1')}/{mid}"
    r = api_client(staff_user).patch(
        url,
        {"value": 21.5, "date": "2024-04-30", "municipality": "082981", "reason": "typo"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert (r.json()["id"], r.json()["value"], r.json()["date"], r.json()["municipality"]) == (
        mid,
        21.5,
        "2024-04-30",
        "082981",
    )
    m = Measurement.objects.get(pk=mid)
    last = m.history.order_by("-history_date").first()
    assert (last.history_user, last.history_change_reason) == (staff_user, "typo")
    # Back to the total
    r = api_client(staff_user).patch(url, {"municipality": None}, content_type="application/json")
    assert r.status_code == 200 and r.json()["municipality"] is None
    # Impossible value: refused, nothing changed
    r = api_client(staff_user).patch(url, {"value": 400}, content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "value"
    assert Measurement.objects.get(pk=mid).value == Decimal("21.5")


def test_patch_onto_another_measurement_is_refused(staff_user, indicator) -> None:  # type: ignore[no-untyped-def]
    _post(staff_user, "PCT-1", {"date": "2024-03-31", "value": 20})
    mid = _post(staff_user, "PCT-1", {"date": "2024-06-30", "value": 21}).json()["id"]
    r = api_client(staff_user).patch(
        f"{URL.format(code='PCT-1')}/{mid}", {"date": "2024-03-31"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date"


def test_delete_keeps_the_measurement_in_history_with_reason(staff_user, indicator) -> None:  # type: ignore[no-untyped-def]
    mid = _post(staff_user, "PCT-1", {"date": "2024-03-31", "value": 20}).json()["id"]
    r = api_client(staff_user).delete(f"{URL.format(code='PCT-1')}/{mid}?reason=duplicated")
    assert r.status_code == 204
    assert not Measurement.objects.filter(pk=mid).exists()
    gone = Measurement.history.filter(id=mid, history_type="-").get()
    assert (gone.history_user, gone.history_change_reason) == (staff_user, "duplicated")
    assert api_client(staff_user).delete(f"{URL.format(code='PCT-1')}/{mid}").status_code == 404


@pytest.mark.parametrize(
    "role,status", [("board", 403), ("vic", 403), ("collaborator", 403), ("public", 401)]
)
def test_patch_and_delete_are_staff_only(users, staff_user, indicator, role, status) -> None:  # type: ignore[no-untyped-def]
    mid = _post(staff_user, "PCT-1", {"date": "2024-03-31", "value": 20}).json()["id"]
    url = f"{URL.format(code='PCT-1')}/{mid}"
    client = api_client(users.get(role))
    assert client.patch(url, {"value": 1}, content_type="application/json").status_code == status
    assert client.delete(url).status_code == status
    assert Measurement.objects.get(pk=mid).value == Decimal("20")


@pytest.mark.parametrize(
    "unit,value,ok",
    [
        ("%", 100, True),
        ("%", 100.5, False),
        ("% de municipis", 0, True),
        ("municipis", 947, True),
        ("municipis", 948, False),
        ("municipis", 3.5, False),
        ("ajuntaments", -1, False),
        ("persones", 12, True),
        ("persones", 12.5, False),
        ("hores", 12.5, True),
        ("EUR/usuari", 9.75, True),
        ("punts (0-10)", 10.5, False),
        ("punts (0-10)", 7.25, True),
        ("", -5, True),
    ],
)
def test_default_ranges_follow_the_unit(unit: str, value: float, ok: bool) -> None:
    allowed = plausibility.default_range(unit)
    assert (plausibility.check(plausibility.normalize(value), allowed) is None) is ok
