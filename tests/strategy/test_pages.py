"""Pages through real HTTP: permission matrix for every view, HTMX editing, as-of views and
the number of SQL queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localret.strategy import selectors, services
from localret.strategy.models import Indicator, Measurement, StrategicObjective
from tests.conftest import client_for, speaking

from .factories import aware, make_plan, measure

pytestmark = pytest.mark.django_db
ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
INTERNAL = {"admin", "staff", "board"}
STAFF = {"admin", "staff"}


@pytest.fixture
def plans(staff_user):  # type: ignore[no-untyped-def]
    return {
        "approved": make_plan(staff_user, slug="aprovat"),
        "draft": make_plan(staff_user, slug="esborrany", status="draft", lines=1),
    }


def read_urls(slug: str) -> list[str]:
    code = f"{slug}-I1.1-1"
    return [
        f"/pla/{slug}/",
        f"/pla/{slug}/objectius/OE1/",
        f"/pla/{slug}/linies/1.1/",
        f"/pla/{slug}/iniciatives/1.1.1/",
        f"/pla/indicadors/{code}/",
        f"/pla/indicadors/{code}/mapa.json",
    ]


def test_plan_index_lists_what_each_role_may_read(users, plans) -> None:  # type: ignore[no-untyped-def]
    for role in ROLES:
        body = client_for(users[role]).get("/pla/").content.decode()
        assert "/pla/aprovat/" in body
        assert ("/pla/esborrany/" in body) == (role in INTERNAL), role


@pytest.mark.parametrize("which", ["approved", "draft"])
def test_read_pages_permission_matrix(users, plans, which) -> None:  # type: ignore[no-untyped-def]
    slug = plans[which].slug
    for role in ROLES:
        client = client_for(users[role])
        for url in read_urls(slug):
            r = client.get(url)
            expected = 200 if which == "approved" or role in INTERNAL else 404
            assert r.status_code == expected, (role, url)


def staff_urls() -> list[tuple[str, str]]:
    code = "aprovat-I1.1-1"
    return [
        ("get", "/pla/aprovat/editar/"),
        ("get", "/pla/aprovat/copiar/"),
        ("get", "/pla/aprovat/objectius/afegir/"),
        ("get", "/pla/aprovat/objectius/OE1/editar/"),
        ("get", "/pla/aprovat/objectius/OE1/linies/afegir/"),
        ("get", "/pla/aprovat/linies/1.1/editar/"),
        ("get", "/pla/aprovat/linies/1.1/iniciatives/afegir/"),
        ("get", "/pla/aprovat/linies/1.1/indicadors/afegir/"),
        ("get", "/pla/aprovat/iniciatives/1.1.1/editar/"),
        ("get", f"/pla/indicadors/{code}/editar/"),
        ("get", f"/pla/indicadors/{code}/mesures/afegir/"),
        ("get", "/pla/importar/"),
        ("post", "/pla/aprovat/indicator/aprovat-I1.2-1/esborrar/"),
    ]


def test_staff_pages_permission_matrix(users, plans) -> None:  # type: ignore[no-untyped-def]
    for role in [r for r in ROLES if r not in STAFF] + ["staff", "admin"]:
        client = client_for(users[role])
        for method, url in staff_urls():
            if role == "admin" and method == "post":
                continue  # already deleted by staff
            r = getattr(client, method)(url)
            if role in STAFF:
                assert r.status_code in (200, 302), (role, url, r.status_code)
            elif role == "public":
                assert r.status_code == 302 and "/comptes/" in r["Location"], (role, url)
            else:
                assert r.status_code == 403, (role, url)
    assert not Indicator.objects.filter(code="aprovat-I1.2-1").exists()


def test_changes_page_for_staff_and_board_only(users, plans) -> None:  # type: ignore[no-untyped-def]
    for role in ROLES:
        r = client_for(users[role]).get("/pla/aprovat/canvis/?since=2023-01-01")
        if role in INTERNAL:
            assert r.status_code == 200, role
        elif role == "public":
            assert r.status_code == 302
        else:
            assert r.status_code == 403


def test_plan_page_shows_mission_values_and_objectives(users, plans) -> None:  # type: ignore[no-untyped-def]
    body = speaking(client_for(None), "en").get("/pla/aprovat/").content.decode()
    assert "Mission" in body and "Servei públic" in body and "OE1. Obj 1" in body
    assert "status-no_data" in body
    assert 'name="as_of"' in body


def test_bad_as_of_is_400(plans) -> None:  # type: ignore[no-untyped-def]
    assert client_for(None).get("/pla/aprovat/?as_of=yesterday").status_code == 400


def test_htmx_measurement_form_records_and_redirects(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    url = "/pla/indicadors/aprovat-I1.1-1/mesures/afegir/"
    # A Catalan page reads the decimal comma; "12.5" is refused there, never read as 125.
    r = client.post(url, {"date": "2024-06-30", "value": "12.5"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "error" in r.content.decode()
    assert not Measurement.objects.exists()
    r = client.post(
        url,
        {"date": "2024-06-30", "value": "12,5", "municipality_code": "082981"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 204 and r["HX-Redirect"] == "/pla/indicadors/aprovat-I1.1-1/"
    m = Measurement.objects.get()
    assert m.value == Decimal("12.5")
    assert m.entered_by == staff_user and m.municipality.code == "082981"
    assert m.history.get().history_user == staff_user


def test_htmx_edit_objective_and_add_action_line(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    r = client.get("/pla/aprovat/objectius/OE1/editar/", HTTP_HX_REQUEST="true")
    assert (
        r.status_code == 200 and "<form" in r.content.decode() and "<html" not in r.content.decode()
    )
    r = client.post(
        "/pla/aprovat/objectius/OE1/editar/",
        {"code": "OE1", "name": "Renamed", "description": "", "weight": "2", "position": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 204
    assert StrategicObjective.objects.get(plan=plans["approved"], code="OE1").name == "Renamed"
    r = client.post(
        "/pla/aprovat/objectius/OE1/linies/afegir/",
        {"code": "1.1", "name": "Duplicate", "description": "", "weight": "1", "position": "0"},
    )
    assert r.status_code == 422  # duplicate code, full page with the error
    r = client.post(
        "/pla/aprovat/objectius/OE1/linies/afegir/",
        {"code": "1.9", "name": "New", "description": "", "weight": "1", "position": "0"},
    )
    assert r.status_code == 302 and r["Location"] == "/pla/aprovat/linies/1.9/"


def test_import_page_dry_run_preview_then_apply(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(staff_user)
    data = b"indicator;date;value\naprovat-I1.1-1;31/03/2024;7\n"
    r = client.post("/pla/importar/", {"file": SimpleUploadedFile("m.csv", data), "apply": "0"})
    assert r.status_code == 200 and not Measurement.objects.exists()
    r = client.post("/pla/importar/", {"file": SimpleUploadedFile("m.csv", data), "apply": "1"})
    assert r.status_code == 200 and Measurement.objects.count() == 1
    bad = b"indicator;date;value\nNOPE;31/03/2024;7\n"
    r = client.post("/pla/importar/", {"file": SimpleUploadedFile("b.csv", bad), "apply": "1"})
    assert r.status_code == 422 and "NOPE" in r.content.decode()


# --- As of a date -------------------------------------------------------------------------------


def test_a_change_after_d_is_not_visible_as_of_d(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    plan = plans["approved"]
    ind = Indicator.objects.get(code="aprovat-I1.1-1")
    measure(ind, staff_user, dt.date(2024, 6, 30), 5)  # far behind: ~13 % expected
    with services.recorded_at(aware(dt.date(2024, 8, 1))):
        services.objective_update(
            objective=plan.objectives.get(code="OE1"), by=staff_user, name="Renamed later"
        )
        services.objective_create(plan=plan, by=staff_user, code="OE2", name="Added later")
    measure(ind, staff_user, dt.date(2024, 9, 30), 100)
    client = client_for(None)
    then = client.get("/api/v1/plans/aprovat?as_of=2024-07-15").json()
    assert [o["name"] for o in then["objectives"]] == ["Obj 1"]
    line_then = then["objectives"][0]["action_lines"][0]
    now = client.get("/api/v1/plans/aprovat").json()
    assert [o["name"] for o in now["objectives"]] == ["Renamed later", "Added later"]
    line_now = now["objectives"][0]["action_lines"][0]
    assert line_then["progress"] == pytest.approx(0.05)
    assert line_then["status"] == "off_track"
    assert line_now["progress"] == pytest.approx(1.0)
    assert line_now["status"] == "achieved"
    page = client.get("/pla/aprovat/?as_of=2024-07-15").content.decode()
    assert "Renamed later" not in page and "Obj 1" in page
    detail = client.get("/api/v1/indicators/aprovat-I1.1-1?as_of=2024-07-15").json()
    assert [m["value"] for m in detail["measurements"]] == [5.0]


def test_a_backdated_measurement_counts_for_its_date_and_is_new_when_entered(
    staff_user, plans
) -> None:  # type: ignore[no-untyped-def]
    """As of a date, the figures dated up to then count, even those entered later (a late
    entry corrects the past); the Board's "what changed" compares what was known each day, so
    the late entry shows as a change of the period in which it was entered."""
    ind = Indicator.objects.get(code="aprovat-I1.1-1")
    with services.recorded_at(aware(dt.date(2024, 9, 1))):
        services.measurement_create(
            indicator=ind, by=staff_user, date=dt.date(2024, 6, 30), value=10
        )
    client = client_for(None)
    then = client.get("/api/v1/indicators/aprovat-I1.1-1?as_of=2024-07-15").json()
    assert [(m["date"], m["value"]) for m in then["measurements"]] == [("2024-06-30", 10.0)]
    assert then["progress"] == pytest.approx(0.10)
    assert (
        client.get("/api/v1/indicators/aprovat-I1.1-1?as_of=2024-06-29").json()["measurements"]
        == []
    )
    plan = plans["approved"]
    before_entry = selectors.changes_since(plan, dt.date(2024, 7, 1), dt.date(2024, 8, 31))
    assert before_entry.empty  # nothing was known to have changed by the end of August
    after_entry = selectors.changes_since(plan, dt.date(2024, 7, 1), dt.date(2024, 9, 2))
    assert any(c.kind == "indicator" for c in after_entry.status_changes)


def test_plan_did_not_exist_yet_is_404(plans) -> None:  # type: ignore[no-untyped-def]
    assert client_for(None).get("/api/v1/plans/aprovat?as_of=2020-01-01").status_code == 404
    assert client_for(None).get("/pla/aprovat/?as_of=2020-01-01").status_code == 404


# --- SQL queries --------------------------------------------------------------------------------


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("as_of", ["", "?as_of=2024-12-31"])
def test_query_count_is_fixed_whatever_the_plan_size(
    staff_user, board_user, as_of, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    small = make_plan(staff_user, slug="petit", objectives=1, lines=1, indicators_per_line=1)
    big = make_plan(staff_user, slug="gran", objectives=3, lines=4, indicators_per_line=3)
    for plan in (small, big):
        for ind in Indicator.objects.filter(action_line__objective__plan=plan):
            measure(ind, staff_user, dt.date(2024, 3, 31), 5)
            measure(ind, staff_user, dt.date(2024, 6, 30), 9)
    for client in (client_for(None), client_for(board_user)):
        for template in ("/pla/{}/", "/api/v1/plans/{}"):
            counts = [_count(client, template.format(slug) + as_of) for slug in ("petit", "gran")]
            assert counts[0] == counts[1], (template, counts)
            with django_assert_max_num_queries(15):
                client.get(template.format("gran") + as_of)


def test_what_changed_starts_at_the_last_board_meeting(users, staff_user) -> None:  # type: ignore[no-untyped-def]
    """The Board's "what changed" view starts, by default, at its last meeting (governance)."""
    from tests.governance.factories import board_with_members, meeting_with_quorum

    plan = make_plan(staff_user, slug="canvis")
    ind = Indicator.objects.get(code="canvis-I1.1-1")
    measure(ind, staff_user, dt.date(2024, 2, 28), 10)  # before the meeting
    measure(ind, staff_user, dt.date(2024, 5, 31), 60)  # after it
    url = "/pla/canvis/canvis/?as_of=2024-07-31"
    board = client_for(users["board"])

    # No Board meeting recorded: the last 90 days, and the page says so.
    html = speaking(board, "en").get(url).content.decode()
    assert "From May 2, 2024 to July 31, 2024." in html
    assert "No earlier Board meeting is recorded: the last 90 days." in html

    body, members = board_with_members()
    meeting_with_quorum(body, members, dt.date(2024, 3, 15))
    meeting_with_quorum(body, members, dt.date(2024, 8, 20))  # after the as-of date: ignored
    html = speaking(board, "en").get(url).content.decode()
    assert "From March 15, 2024 to July 31, 2024." in html
    assert "The Board last met on March 15, 2024." in html
    assert 'value="2024-03-15"' in html  # the form's value stays ISO
    # the measurement of May counts, the one of February does not
    changes = selectors.changes_since(plan, None, dt.date(2024, 7, 31))
    assert changes.since == dt.date(2024, 3, 15)
    assert [(m.code, m.count) for m in changes.measurements] == [("canvis-I1.1-1", 1)]
    # A date given by the reader wins.
    html = speaking(board, "en").get(url + "&since=2024-01-01").content.decode()
    assert "From Jan. 1, 2024 to July 31, 2024." in html and "The Board last met" not in html
