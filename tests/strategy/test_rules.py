"""The plan's data rules through the API: each refusal names its field (and row), nothing is
written; a closed plan's results are final; as-of reads follow the status the plan had then."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.strategy import services
from localret.strategy.models import Indicator, Measurement, Plan
from tests.conftest import api_client

from .factories import aware, make_plan, measure

pytestmark = pytest.mark.django_db

INDICATOR = {
    "code": "REGLA-1",
    "name": "Regla",
    "plan": "regles",
    "action_line": "1.1",
    "unit": "u",
    "direction": "increase",
    "baseline_value": 100,
    "baseline_date": "2024-01-01",
    "target_value": 400,
    "target_date": "2027-10-31",
}


@pytest.fixture
def plan(staff_user) -> Plan:  # type: ignore[no-untyped-def]
    return make_plan(staff_user, slug="regles")


def post(user, url: str, body: dict):  # type: ignore[no-untyped-def]
    return api_client(user).post(url, body, content_type="application/json")


def fields(response) -> set[str | None]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"direction": "increase", "target_value": 50}, "target_value"),
        ({"direction": "increase", "target_value": 100}, "target_value"),
        ({"direction": "decrease", "target_value": 400}, "target_value"),
        ({"direction": "range", "range_low": 10, "range_high": 5}, "range_low"),
    ],
)
def test_direction_target_and_range_must_agree(staff_user, plan, change, field) -> None:  # type: ignore[no-untyped-def]
    assert field in fields(post(staff_user, "/api/v1/indicators", {**INDICATOR, **change}))
    assert not Indicator.objects.filter(code="REGLA-1").exists()


def test_a_decreasing_indicator_with_a_lower_target_is_accepted(staff_user, plan) -> None:  # type: ignore[no-untyped-def]
    body = {**INDICATOR, "direction": "decrease", "baseline_value": 400, "target_value": 100}
    response = post(staff_user, "/api/v1/indicators", body)
    assert response.status_code == 201, response.content


def test_plan_thresholds_are_checked_on_their_fields(staff_user, plan) -> None:  # type: ignore[no-untyped-def]
    client = api_client(staff_user)
    response = client.patch(
        "/api/v1/plans/regles",
        {"on_track_ratio": 0.6, "at_risk_ratio": 0.8},
        content_type="application/json",
    )
    assert "at_risk_ratio" in fields(response)
    plan.refresh_from_db()
    assert float(plan.at_risk_ratio) == 0.7


def test_a_closed_plan_takes_no_new_measurement(staff_user, plan) -> None:  # type: ignore[no-untyped-def]
    code = "regles-I1.1-1"
    measure(Indicator.objects.get(code=code), staff_user, dt.date(2024, 3, 31), 10)
    services.plan_close(plan=plan, by=staff_user, agreement_ref="CA test")
    before = Measurement.objects.count()
    response = post(
        staff_user, f"/api/v1/indicators/{code}/measurements", {"date": "2024-06-30", "value": 5}
    )
    assert "plan" in fields(response)
    csv = f"indicator;date;value\n{code};2024-06-30;5\n".encode()
    response = api_client(staff_user).post(
        "/api/v1/measurements/import?dry_run=true", {"file": _upload(csv)}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "row": 2,
            "field": "indicator",
            "message": f"l'indicador {code} és d'un pla tancat; els seus resultats són definitius",
        }
    ]
    assert Measurement.objects.count() == before


def _upload(data: bytes, name: str = "mesures.csv"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_every_bad_row_is_listed_even_after_a_row_with_too_many_values(staff_user, plan) -> None:  # type: ignore[no-untyped-def]
    code = "regles-I1.1-1"
    csv = (
        "indicator;date;value\n"
        f"{code};2024-03-31;1\n"
        f"{code};2024-06-30;1;2\n"
        f"{code};xx;yy\n"
        f"{code};2024-09-30;1,123456\n"
    ).encode()
    response = api_client(staff_user).post(
        "/api/v1/measurements/import?dry_run=false", {"file": _upload(csv)}
    )
    assert response.status_code == 422
    errors = {(e.get("row"), e["field"]) for e in response.json()["errors"]}
    # Row 5's six decimals are fine (issue 15: never refused for its number of decimals).
    assert errors == {(3, None), (4, "date"), (4, "value")}
    assert not Measurement.objects.filter(indicator__code=code).exists()


def test_an_import_without_a_file_names_the_file_field(staff_user) -> None:  # type: ignore[no-untyped-def]
    response = api_client(staff_user).post("/api/v1/measurements/import?dry_run=true", {})
    assert "file" in fields(response)


def test_the_public_never_sees_a_plan_as_the_draft_it_was(users, staff_user) -> None:  # type: ignore[no-untyped-def]
    with services.recorded_at(aware(dt.date(2024, 1, 5))):
        draft = make_plan(staff_user, slug="aviat", status="draft", created=dt.date(2024, 1, 5))
    with services.recorded_at(aware(dt.date(2024, 3, 1))):
        services.plan_approve(plan=draft, by=staff_user, agreement_ref="CA 2024/03")
    for role, visible in (("public", False), ("vic", False), ("board", True), ("staff", True)):
        client = api_client(users[role])
        then = client.get("/api/v1/plans/aviat?as_of=2024-02-01")
        assert (then.status_code == 200) == visible, role
        if visible:
            assert then.json()["status"] == "draft"
        assert client.get("/api/v1/plans/aviat?as_of=2024-03-15").json()["status"] == "approved"
        code = "aviat-I1.1-1"
        ind = client.get(f"/api/v1/indicators/{code}?as_of=2024-02-01")
        assert (ind.status_code == 200) == visible, role
        listed = client.get("/api/v1/plans?as_of=2024-02-01").json()
        assert ("aviat" in [p["slug"] for p in listed["items"]]) == visible, role
    from tests.conftest import client_for

    assert client_for(None).get("/pla/aviat/?as_of=2024-02-01").status_code == 404
    assert client_for(users["board"]).get("/pla/aviat/?as_of=2024-02-01").status_code == 200


def test_the_plan_list_as_of_a_date_shows_the_plans_then(staff_user) -> None:  # type: ignore[no-untyped-def]
    with services.recorded_at(aware(dt.date(2020, 7, 1))):
        old = make_plan(staff_user, slug="antic", created=dt.date(2020, 7, 1))
    with services.recorded_at(aware(dt.date(2023, 12, 15))):
        services.plan_close(plan=old, by=staff_user, agreement_ref="CA 2023/12")
    make_plan(staff_user, slug="nou", created=dt.date(2024, 2, 1))
    public = api_client(None)

    def listed(query: str) -> dict[str, str]:
        body = public.get(f"/api/v1/plans{query}").json()
        return {p["slug"]: p["status"] for p in body["items"]}

    assert listed("?as_of=2019-01-01") == {}
    assert listed("?as_of=2021-01-01") == {"antic": "approved"}
    assert listed("?as_of=2024-06-30") == {"antic": "closed", "nou": "approved"}
    assert listed("") == listed("?as_of=") == {"antic": "closed", "nou": "approved"}
    assert public.get("/api/v1/plans/nou?as_of=").status_code == 200
    assert public.get("/api/v1/indicators/nou-I1.1-1?as_of=").status_code == 200


def _plan_writes() -> list[tuple[str, str]]:
    import json
    import re
    from pathlib import Path

    schema = json.loads((Path(__file__).resolve().parents[2] / "docs/openapi.json").read_text())
    out = []
    for path, operations in schema["paths"].items():
        if not re.match(r"/api/v1/(plans|indicators|measurements)", path):
            continue
        for method in operations:
            if method in ("post", "put", "patch", "delete"):
                out.append((method, re.sub(r"\{[^}]+\}", "x", path)))
    return out


@pytest.mark.parametrize(("method", "path"), _plan_writes())
def test_only_staff_write_the_plan_whatever_the_body(users, method, path) -> None:  # type: ignore[no-untyped-def]
    """Board members, municipal users and collaborators are refused before the body is read
    (403, not a 422 that would describe the data); no token is 401."""
    for role in ("board", "vic", "collaborator"):
        client = api_client(users[role])
        for body in ("{}", '{"code": 1, "date": "nope"}'):
            response = getattr(client, method)(path, data=body, content_type="application/json")
            assert response.status_code == 403, (role, method, path, response.content)
    response = getattr(api_client(None), method)(path, data="{}", content_type="application/json")
    assert response.status_code == 401


def test_the_plan_list_page_as_of_a_date(staff_user) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import client_for, speaking

    with services.recorded_at(aware(dt.date(2020, 7, 1))):
        make_plan(staff_user, slug="vell", created=dt.date(2020, 7, 1))
    make_plan(staff_user, slug="recent", created=dt.date(2024, 2, 1))
    client = speaking(client_for(None), "en")
    then = client.get("/pla/?as_of=2021-01-01").content.decode()
    assert "/pla/vell/?as_of=2021-01-01" in then and "/pla/recent/" not in then
    assert "You are looking at the plan as it stood on Jan. 1, 2021" in then
    today = client.get("/pla/").content.decode()
    assert 'href="/pla/vell/"' in today and 'href="/pla/recent/"' in today


def test_the_checked_file_is_the_one_imported(staff_user, plan) -> None:  # type: ignore[no-untyped-def]
    import re

    from tests.conftest import client_for, make_user, speaking

    code = "regles-I1.1-1"
    staff = speaking(client_for(staff_user), "en")
    csv = f"indicador;data;valor\n{code};31/03/2024;12,5\n".encode()
    preview = staff.post("/pla/importar/", {"file": _upload(csv), "apply": "0"})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Preview (nothing written yet)" in html
    assert not Measurement.objects.filter(indicator__code=code).exists()
    token = re.search(r'name="staged" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    # Another staff member cannot apply someone else's checked file.
    other = speaking(client_for(make_user("tecnica9", "staff")), "en")
    refused = other.post("/pla/importar/", {"staged": token}, follow=True)
    assert "no longer available" in refused.content.decode()
    assert not Measurement.objects.filter(indicator__code=code).exists()
    applied = staff.post("/pla/importar/", {"staged": token})
    assert applied.status_code == 200 and "Imported" in applied.content.decode()
    (m,) = Measurement.objects.filter(indicator__code=code)
    assert (m.date, float(m.value), m.entered_by) == (dt.date(2024, 3, 31), 12.5, staff_user)
    # A checked file is imported once.
    again = staff.post("/pla/importar/", {"staged": token})
    assert again.status_code == 422 and "no longer available" in again.content.decode()
    assert Measurement.objects.filter(indicator__code=code).count() == 1


def test_an_indicator_defined_later_follows_the_plan_as_it_stood_then(users, staff_user) -> None:  # type: ignore[no-untyped-def]
    """Shown with its first definition, but only when the plan existed and was public then."""
    with services.recorded_at(aware(dt.date(2024, 1, 5))):
        draft = make_plan(staff_user, slug="tard", status="draft", created=dt.date(2024, 1, 5))
    with services.recorded_at(aware(dt.date(2024, 3, 1))):
        services.plan_approve(plan=draft, by=staff_user, agreement_ref="CA 2024/03")
    body = {**INDICATOR, "code": "TARD-1", "plan": "tard"}
    assert post(staff_user, "/api/v1/indicators", body).status_code == 201
    public, board = api_client(None), api_client(users["board"])
    url = "/api/v1/indicators/TARD-1?as_of="
    assert public.get(url + "2023-06-30").status_code == 404  # the plan did not exist
    assert public.get(url + "2024-02-01").status_code == 404  # a draft then
    assert board.get(url + "2024-02-01").json()["defined_later"] is True
    assert public.get(url + "2024-06-30").json()["defined_later"] is True
    from tests.conftest import client_for

    assert client_for(None).get("/pla/indicadors/TARD-1/?as_of=2024-02-01").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "el fitxer és buit"),
        (b"indicator;date;value\n", "el fitxer té capçalera però cap fila de dades"),
    ],
)
def test_a_problem_of_the_whole_file_is_on_the_file_field(staff_user, data, message) -> None:  # type: ignore[no-untyped-def]
    response = api_client(staff_user).post(
        "/api/v1/measurements/import?dry_run=true", {"file": _upload(data)}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "file", "message": message}]


def test_a_municipality_code_that_lost_its_leading_zero_is_read(staff_user, plan) -> None:  # type: ignore[no-untyped-def]
    code = "regles-I1.1-1"
    csv = f"indicator;date;value;municipality\n{code};2024-03-31;4;82981\n".encode()
    response = api_client(staff_user).post(
        "/api/v1/measurements/import?dry_run=false", {"file": _upload(csv)}
    )
    assert response.status_code == 200, response.content
    (m,) = Measurement.objects.filter(indicator__code=code)
    assert m.municipality.code == "082981"  # type: ignore[union-attr]


def test_an_indicator_without_a_place_in_the_plan_says_what_is_missing(staff_user, plan) -> None:  # type: ignore[no-untyped-def]
    body = {k: v for k, v in INDICATOR.items() if k != "action_line"}
    response = post(staff_user, "/api/v1/indicators", body)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "action_line" and error["message"].startswith("required")
    both = post(staff_user, "/api/v1/indicators", {**INDICATOR, "initiative": "1.1.1"})
    assert "not both" in both.json()["errors"][0]["message"]
