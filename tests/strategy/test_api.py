"""The API contract of issue 4 and its permission matrix, through real HTTP."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from localret.strategy.models import Indicator, Measurement, Plan
from tests.conftest import api_client

from .factories import make_plan, measure

pytestmark = pytest.mark.django_db
ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
WRITERS = {"admin", "staff"}
INTERNAL_READERS = {"admin", "staff", "board"}


@pytest.fixture
def plans(staff_user):  # type: ignore[no-untyped-def]
    return {
        "approved": make_plan(staff_user, slug="aprovat"),
        "draft": make_plan(staff_user, slug="esborrany", status="draft"),
    }


@pytest.fixture
def closed_plan(staff_user):  # type: ignore[no-untyped-def]
    return make_plan(staff_user, slug="tancat", status="closed", lines=1)


@pytest.mark.parametrize("role", ROLES)
def test_plan_list_shows_drafts_only_to_staff_and_board(users, plans, closed_plan, role) -> None:  # type: ignore[no-untyped-def]
    r = api_client(users[role]).get("/api/v1/plans")
    assert r.status_code == 200
    body = r.json()
    slugs = {p["slug"] for p in body["items"]}
    assert {"aprovat", "tancat"} <= slugs
    assert ("esborrany" in slugs) == (role in INTERNAL_READERS)
    assert body["count"] == len(body["items"])
    assert set(body["items"][0]) >= {"slug", "name", "status", "period_start", "period_end"}


@pytest.mark.parametrize("which", ["approved", "draft", "closed"])
def test_plan_and_indicator_visibility(users, plans, closed_plan, which) -> None:  # type: ignore[no-untyped-def]
    plan = closed_plan if which == "closed" else plans[which]
    for role in ROLES:
        visible = which != "draft" or role in INTERNAL_READERS
        r = api_client(users[role]).get(f"/api/v1/plans/{plan.slug}")
        assert r.status_code == (200 if visible else 404), role
        r = api_client(users[role]).get(f"/api/v1/indicators/{plan.slug}-I1.1-1")
        assert r.status_code == (200 if visible else 404), role


def test_plan_detail_contract(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    ind = Indicator.objects.get(code="aprovat-I1.1-1")
    measure(ind, staff_user, dt.date(2024, 6, 30), 50)
    r = api_client(None).get("/api/v1/plans/aprovat?as_of=2024-12-31")
    assert r.status_code == 200
    body = r.json()
    from localret.strategy.schemas import PlanOut

    PlanOut.model_validate(body)  # the documented schema describes the answer
    assert body["mission"] == "Mission" and body["vision"] == "Vision"
    assert body["values"] == [{"name": "Servei públic", "description": "Per als ajuntaments"}]
    assert body["status"] == "approved" and body["as_of"] == "2024-12-31"
    (objective,) = body["objectives"]
    assert objective["code"] == "OE1"
    lines = {a["code"]: a for a in objective["action_lines"]}
    assert set(lines) == {"1.1", "1.2"}
    line = lines["1.1"]
    for key in ("code", "name", "progress", "expected_progress", "status"):
        assert key in line
    assert line["progress"] == pytest.approx(0.5)
    assert 0 < line["expected_progress"] < 0.5
    assert line["status"] == "on_track"
    assert lines["1.2"]["progress"] is None and lines["1.2"]["status"] == "no_data"
    assert objective["explanation"]["without_data"]


def test_bad_as_of_is_422(plans) -> None:  # type: ignore[no-untyped-def]
    r = api_client(None).get("/api/v1/plans/aprovat?as_of=31-12-2024")
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")


def test_unknown_plan_and_indicator_are_404(plans) -> None:  # type: ignore[no-untyped-def]
    assert api_client(None).get("/api/v1/plans/nope").status_code == 404
    assert api_client(None).get("/api/v1/indicators/nope").status_code == 404
    # The plan did not exist yet at that date: strategy's PlanNotFound, 404 problem+json.
    early = api_client(None).get("/api/v1/plans/aprovat?as_of=1990-01-01")
    assert early.status_code == 404
    assert early["Content-Type"] == "application/problem+json"


def test_create_indicator_and_read_it_with_forecast(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = api_client(staff_user)
    payload = {
        "code": "NEW-001",
        "name": "Ajuntaments acompanyats",
        "plan": "aprovat",
        "action_line": "1.2",
        "unit": "ajuntaments",
        "direction": "increase",
        "baseline_value": 10,
        "baseline_date": "2024-01-01",
        "target_value": 110,
        "target_date": "2027-12-31",
    }
    r = client.post("/api/v1/indicators", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["forecast"] is None and r.json()["forecast_reason"] == "insufficient data"
    for date, value in (("2024-03-31", 15), ("2024-06-30", 20), ("2024-09-30", 25)):
        r = client.post(
            "/api/v1/indicators/NEW-001/measurements",
            {"date": date, "value": value},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
    r = client.post(
        "/api/v1/indicators/NEW-001/measurements",
        {"date": "2024-09-30", "value": 3, "municipality": "082981"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["municipality"] == "082981"
    body = api_client(None).get("/api/v1/indicators/NEW-001").json()
    assert [m["date"] for m in body["measurements"]][:3] == [
        "2024-03-31",
        "2024-06-30",
        "2024-09-30",
    ]
    assert body["progress"] == pytest.approx(0.15)
    assert body["status"] in ("on_track", "at_risk", "off_track")
    forecast = body["forecast"]
    assert set(forecast) >= {"value_at_target_date", "low", "high", "probability_of_target"}
    assert forecast["low"] <= forecast["value_at_target_date"] <= forecast["high"]
    assert 0 <= forecast["probability_of_target"] <= 1
    assert body["by_municipality"] == [] or body["by_municipality"][0]["municipality"] == "082981"
    assert body["defined_later"] is False
    # Recorded today, asked as of a past date: its first definition and the measurements dated
    # up to then (entered today), with defined_later saying so.
    past = api_client(None).get("/api/v1/indicators/NEW-001?as_of=2024-07-15").json()
    assert past["defined_later"] is True and past["as_of"] == "2024-07-15"
    assert [(m["date"], m["value"]) for m in past["measurements"]] == [
        ("2024-03-31", 15.0),
        ("2024-06-30", 20.0),
    ]
    assert past["progress"] == pytest.approx(0.10)
    assert past["forecast"] is None and past["forecast_reason"] == "insufficient data"
    # The plan tree as of then, built from the audit history, does not have it yet.
    tree = api_client(None).get("/api/v1/plans/aprovat?as_of=2024-07-15").json()
    codes = [
        i["code"]
        for o in tree["objectives"]
        for a in o["action_lines"]
        for i in a.get("indicators", [])
    ]
    assert "NEW-001" not in codes


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"plan": "nope"}, "plan"),
        ({"action_line": "9.9"}, "action_line"),
        ({"direction": "sideways"}, "direction"),
        ({"code": "aprovat-I1.1-1"}, "code"),
        ({"target_value": None}, "target_value"),
        ({"status": "x"}, "status"),
    ],
)
def test_create_indicator_rejects_bad_input(staff_user, plans, payload, field) -> None:  # type: ignore[no-untyped-def]
    base = {
        "code": "BAD-1",
        "name": "x",
        "plan": "aprovat",
        "action_line": "1.1",
        "direction": "increase",
        "target_value": 1,
    }
    r = api_client(staff_user).post(
        "/api/v1/indicators", {**base, **payload}, content_type="application/json"
    )
    assert r.status_code == 422
    assert any(e["field"] == field for e in r.json()["errors"]), r.json()
    assert not Indicator.objects.filter(code="BAD-1").exists()


def test_patch_plan_cannot_set_the_status(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    r = api_client(staff_user).patch(
        "/api/v1/plans/esborrany", {"status": "approved"}, content_type="application/json"
    )
    assert r.status_code == 422
    assert Plan.objects.get(slug="esborrany").status == "draft"


def test_import_dry_run_then_apply_and_422_with_rows(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = api_client(staff_user)
    good = b"indicator;date;value\naprovat-I1.1-1;31/03/2024;12,5\n"
    r = client.post(
        "/api/v1/measurements/import?dry_run=true",
        {"file": SimpleUploadedFile("m.csv", good)},
    )
    assert r.status_code == 200 and r.json()["created"] == 1 and r.json()["dry_run"] is True
    assert not Measurement.objects.exists()
    r = client.post(
        "/api/v1/measurements/import?dry_run=false",
        {"file": SimpleUploadedFile("m.csv", good)},
    )
    assert r.status_code == 200 and r.json()["created"] == 1
    assert Measurement.objects.count() == 1
    bad = b"indicator;date;value\naprovat-I1.1-1;2024-05-31;1\nNOPE;2024-05-31;x\n"
    r = client.post(
        "/api/v1/measurements/import?dry_run=false", {"file": SimpleUploadedFile("b.csv", bad)}
    )
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    errors = r.json()["errors"]
    assert {(e.get("row"), e["field"]) for e in errors} >= {(3, "indicator"), (3, "value")}
    assert Measurement.objects.count() == 1


def test_import_answer_summarises_instead_of_echoing_every_row(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = api_client(staff_user)
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(45)]
    rows = "".join(f"aprovat-I1.1-1;{d.isoformat()};{i}\n" for i, d in enumerate(days))
    first = "indicator;date;value\n" + rows[: rows.index(days[10].isoformat()) - 15]
    r = client.post(
        "/api/v1/measurements/import?dry_run=false",
        {"file": SimpleUploadedFile("m.csv", first.encode())},
    )
    assert r.json()["created"] == 10
    # 10 rows unchanged, 35 new, and the first one changed.
    data = ("indicator;date;value\n" + rows).replace(";2024-01-01;0", ";2024-01-01;7")
    r = client.post(
        "/api/v1/measurements/import?dry_run=false",
        {"file": SimpleUploadedFile("m.csv", data.encode())},
    )
    body = r.json()
    assert (body["rows"], body["created"], body["updated"], body["unchanged"]) == (45, 35, 1, 9)
    kinds = [c["action"] for c in body["changes"]]
    assert kinds.count("create") == 20 and kinds.count("update") == 1
    assert kinds.count("unchanged") == 9 and body["changes_truncated"] is True
    assert body["changes"][0] == {
        "row": 2,
        "indicator": "aprovat-I1.1-1",
        "date": "2024-01-01",
        "municipality": "",
        "value": 7.0,
        "previous": 0.0,
        "action": "update",
    }
    assert Measurement.objects.count() == 45


def test_import_errors_are_capped_at_100_with_the_total(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    bad = "indicator;date;value\n" + "NOPE;2024-01-01;1\n" * 150
    r = api_client(staff_user).post(
        "/api/v1/measurements/import?dry_run=false",
        {"file": SimpleUploadedFile("b.csv", bad.encode())},
    )
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert len(errors) == 101
    assert errors[0] == {"field": "indicator", "row": 2, "message": "indicador «NOPE» desconegut"}
    assert errors[99]["row"] == 101
    assert errors[100]["field"] == "file" and "150 in total" in errors[100]["message"]
    assert not Measurement.objects.exists()


# --- Write permission matrix --------------------------------------------------------------------

CSV = b"indicator;date;value\naprovat-I1.1-1;2024-03-31;1\n"


def _p(**kw: object) -> dict:
    return dict(kw)


WRITES: dict[str, tuple[str, str, object, int]] = {
    "create plan": (
        "post",
        "/api/v1/plans",
        _p(slug="nou", name="Nou", period_start="2028-01-01", period_end="2031-12-31"),
        201,
    ),
    "patch plan": ("patch", "/api/v1/plans/aprovat", _p(name="Renamed"), 200),
    "delete plan": ("delete", "/api/v1/plans/esborrany", None, 204),
    "copy plan": (
        "post",
        "/api/v1/plans/aprovat/copy",
        _p(slug="copia", name="Copia", period_start="2028-01-01", period_end="2031-12-31"),
        201,
    ),
    "create objective": (
        "post",
        "/api/v1/plans/aprovat/objectives",
        _p(code="OE2", name="Two"),
        201,
    ),
    "patch objective": ("patch", "/api/v1/plans/aprovat/objectives/OE1", _p(name="One"), 200),
    "delete objective": ("delete", "/api/v1/plans/aprovat/objectives/OE1", None, 204),
    "create action line": (
        "post",
        "/api/v1/plans/aprovat/objectives/OE1/action-lines",
        _p(code="1.3", name="Three"),
        201,
    ),
    "patch action line": ("patch", "/api/v1/plans/aprovat/action-lines/1.1", _p(weight=2), 200),
    "delete action line": ("delete", "/api/v1/plans/aprovat/action-lines/1.2", None, 204),
    "create initiative": (
        "post",
        "/api/v1/plans/aprovat/action-lines/1.1/initiatives",
        _p(code="1.1.9", name="Nine", budget_planned="1000.50", municipalities=["082981"]),
        201,
    ),
    "patch initiative": (
        "patch",
        "/api/v1/plans/aprovat/initiatives/1.1.1",
        _p(status="completed", budget_executed="10.00"),
        200,
    ),
    "delete initiative": ("delete", "/api/v1/plans/aprovat/initiatives/1.1.1", None, 204),
    "create indicator": (
        "post",
        "/api/v1/indicators",
        _p(code="W-1", name="w", plan="aprovat", action_line="1.1", target_value=5),
        201,
    ),
    "patch indicator": ("patch", "/api/v1/indicators/aprovat-I1.1-1", _p(target_value=200), 200),
    "delete indicator": ("delete", "/api/v1/indicators/aprovat-I1.1-1", None, 204),
    "create measurement": (
        "post",
        "/api/v1/indicators/aprovat-I1.1-1/measurements",
        _p(date="2024-03-31", value=3),
        201,
    ),
    "import": ("post", "/api/v1/measurements/import?dry_run=false", "FILE", 200),
}


def _call(client, name: str):  # type: ignore[no-untyped-def]
    method, url, payload, _ok = WRITES[name]
    if payload == "FILE":
        return client.post(url, {"file": SimpleUploadedFile("m.csv", CSV)})
    if payload is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def _state() -> tuple:
    from localret.strategy.models import ActionLine, Initiative, StrategicObjective

    return (
        list(Plan.objects.order_by("pk").values_list("slug", "name", "status")),
        list(StrategicObjective.objects.order_by("pk").values_list("code", "name", "weight")),
        list(ActionLine.objects.order_by("pk").values_list("code", "name", "weight")),
        list(Initiative.objects.order_by("pk").values_list("code", "status", "budget_executed")),
        list(Indicator.objects.order_by("pk").values_list("code", "target_value")),
        Measurement.objects.count(),
    )


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_permission_matrix(users, plans, writer, name) -> None:  # type: ignore[no-untyped-def]
    """Board, municipal users, collaborators: 403; the public: 401; nothing changes. Staff and
    administrators: the write succeeds."""
    before = _state()
    for role in ("board", "vic", "olot", "collaborator", "public"):
        r = _call(api_client(users[role]), name)
        assert r.status_code == (401 if role == "public" else 403), (role, r.content)
    assert _state() == before
    r = _call(api_client(users[writer]), name)
    assert r.status_code == WRITES[name][3], r.content
    assert _state() != before or name == "import"
