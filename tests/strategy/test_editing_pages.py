"""Staff editing pages of the plan: a new plan, the plan's values, an indicator's milestones,
and deleting only what belongs to the plan in the URL. Every page against every role."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from localret.strategy import services
from localret.strategy.models import Indicator, Milestone, Plan, PlanValue
from tests.conftest import client_for, speaking

from .factories import make_plan

pytestmark = pytest.mark.django_db
ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
STAFF = {"admin", "staff"}
IND = "aprovat-I1.1-1"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plans(staff_user):  # type: ignore[no-untyped-def]
    return {
        "approved": make_plan(staff_user, slug="aprovat"),
        "other": make_plan(staff_user, slug="altre", lines=1),
        "closed": make_plan(staff_user, slug="tancat", status="closed", lines=1),
    }


def _value(plan: Plan) -> PlanValue:
    return plan.values.get()


def _milestone(by, code: str = IND) -> Milestone:  # type: ignore[no-untyped-def]
    return services.milestone_create(
        indicator=Indicator.objects.get(code=code), by=by, date=dt.date(2025, 12, 31), value=40
    )


# --- Who may use the pages ----------------------------------------------------------------------


def test_editing_pages_permission_matrix(users, plans, staff_user) -> None:  # type: ignore[no-untyped-def]
    value = _value(plans["approved"])
    milestone = _milestone(staff_user)
    gets = [
        "/pla/nou/",
        "/pla/aprovat/valors/afegir/",
        f"/pla/aprovat/valors/{value.pk}/editar/",
        f"/pla/indicadors/{IND}/fites/afegir/",
    ]
    for role in [r for r in ROLES if r not in STAFF]:
        client = client_for(users[role])
        requests = [("get", url, {}) for url in gets] + [
            ("post", "/pla/nou/", {"slug": "intrus", "name": "X"}),
            ("post", "/pla/aprovat/valors/afegir/", {"name": "X"}),
            ("post", f"/pla/aprovat/valors/{value.pk}/esborrar/", {}),
            ("post", f"/pla/indicadors/{IND}/fites/afegir/", {"date": "2026-12-31", "value": 1}),
            ("post", f"/pla/indicadors/{IND}/fites/{milestone.pk}/esborrar/", {}),
        ]
        for method, url, data in requests:
            r = getattr(client, method)(url, data)
            if role == "public":
                assert r.status_code == 302 and "/comptes/" in r["Location"], (role, url)
            else:
                assert r.status_code == 403, (role, url, r.status_code)
    assert not Plan.objects.filter(slug="intrus").exists()
    assert PlanValue.objects.filter(pk=value.pk).exists()
    assert list(Milestone.objects.values_list("pk", flat=True)) == [milestone.pk]
    for role in STAFF:
        client = client_for(users[role])
        for url in gets:
            r = client.get(url)
            assert r.status_code in (200, 302), (role, url, r.status_code)
    # The writes, once each (the second staff member finds them gone).
    staff = client_for(users["staff"])
    assert staff.post(f"/pla/aprovat/valors/{value.pk}/esborrar/").status_code == 302
    r = staff.post(f"/pla/indicadors/{IND}/fites/{milestone.pk}/esborrar/")
    assert r.status_code == 302
    admin = client_for(users["admin"])
    assert admin.post(f"/pla/aprovat/valors/{value.pk}/esborrar/").status_code == 404
    assert not PlanValue.objects.filter(pk=value.pk).exists() and not Milestone.objects.exists()


def test_deletes_answer_405_to_get(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    value = _value(plans["approved"])
    milestone = _milestone(staff_user)
    assert client.get(f"/pla/aprovat/valors/{value.pk}/esborrar/").status_code == 405
    r = client.get(f"/pla/indicadors/{IND}/fites/{milestone.pk}/esborrar/")
    assert r.status_code == 405
    assert PlanValue.objects.filter(pk=value.pk).exists() and Milestone.objects.exists()


def test_a_closed_plan_refuses_values_and_milestones(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    value = _value(plans["closed"])
    assert client.get("/pla/tancat/valors/afegir/").status_code == 403
    assert client.post(f"/pla/tancat/valors/{value.pk}/esborrar/").status_code == 403
    r = client.post("/pla/indicadors/tancat-I1.1-1/fites/afegir/", {"date": "2025-12-31"})
    assert r.status_code == 403
    assert PlanValue.objects.filter(pk=value.pk).exists()


# --- New plan -----------------------------------------------------------------------------------


def test_plan_list_offers_a_new_plan_to_staff_only(users, plans) -> None:  # type: ignore[no-untyped-def]
    for role in ROLES:
        body = speaking(client_for(users[role]), "en").get("/pla/").content.decode()
        assert ('href="/pla/nou/"' in body) == (role in STAFF), role
        assert ("New plan" in body) == (role in STAFF), role


def _plan_data(**changes: str) -> dict[str, str]:
    data = {
        "name": "Pla 2028-2031",
        "slug": "pla-2028-2031",
        "period_start": "2028-01-01",
        "period_end": "2031-12-31",
        "mandate_end": "2031-06-30",
        "mission": "Missió",
        "vision": "Visió",
        "on_track_ratio": "0.9",
        "at_risk_ratio": "0.7",
    }
    return {**data, **changes}


def test_staff_creates_a_draft_plan_through_the_htmx_form(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = speaking(client_for(staff_user), "en")
    r = client.get("/pla/nou/", **HX)
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body
    for name in ["name", "slug", "period_start", "period_end", "mandate_end", "mission"]:
        assert f'<label for="id_{name}">' in body, name
    assert 'name="status"' not in body
    r = client.post("/pla/nou/", _plan_data(status="approved"), **HX)
    assert r.status_code == 204 and r["HX-Redirect"] == "/pla/pla-2028-2031/"
    plan = Plan.objects.get(slug="pla-2028-2031")
    assert plan.status == Plan.Status.DRAFT and plan.mandate_end == dt.date(2031, 6, 30)
    assert plan.on_track_ratio == Decimal("0.900") and plan.mission == "Missió"
    assert plan.history.get().history_user == staff_user
    page = client.get("/pla/pla-2028-2031/")
    assert page.status_code == 200 and "Saved." in page.content.decode()
    assert "Pla 2028-2031" in client.get("/pla/").content.decode()


def test_new_plan_errors_are_linked_to_their_fields(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = speaking(client_for(staff_user), "en")
    r = client.post("/pla/nou/", _plan_data(slug="aprovat"))  # taken
    body = r.content.decode()
    assert r.status_code == 422 and "<html" in body
    assert 'aria-describedby="id_slug_helptext id_slug_error"' in body
    assert 'id="id_slug_error"' in body and 'id="id_slug_helptext"' in body
    assert "already exists" in body
    r = client.post("/pla/nou/", _plan_data(slug="nou"))  # the address of this very page
    assert r.status_code == 422 and "is a page of the site" in r.content.decode()
    r = client.post("/pla/nou/", _plan_data(period_end="2027-01-01"), **HX)
    assert r.status_code == 200 and 'role="alert"' in r.content.decode()
    assert Plan.objects.count() == 3


def test_copy_refuses_a_reserved_slug(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = speaking(client_for(staff_user), "en")
    data = {
        "slug": "importar",
        "name": "Copy",
        "period_start": "2028-01-01",
        "period_end": "2031-12-31",
        "mandate_end": "2031-12-31",
    }
    r = client.post("/pla/aprovat/copiar/", data)
    assert r.status_code == 422 and "is a page of the site" in r.content.decode()
    assert not Plan.objects.filter(slug="importar").exists()


# --- Values of the plan -------------------------------------------------------------------------


def test_plan_page_offers_value_editing_to_staff_only(users, plans) -> None:  # type: ignore[no-untyped-def]
    value = _value(plans["approved"])
    for role in ROLES:
        body = client_for(users[role]).get("/pla/aprovat/").content.decode()
        assert "Servei públic" in body, role
        assert ("/pla/aprovat/valors/afegir/" in body) == (role in STAFF), role
        assert (f"/pla/aprovat/valors/{value.pk}/editar/" in body) == (role in STAFF), role


def test_staff_adds_edits_and_deletes_a_value(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    plan = plans["approved"]
    client = speaking(client_for(staff_user), "en")
    assert "Transparència" not in client.get("/pla/aprovat/").content.decode()  # cached now

    r = client.get("/pla/aprovat/valors/afegir/", **HX)
    body = r.content.decode()
    assert r.status_code == 200 and '<label for="id_value_name">' in body and "<html" not in body
    position = re.search(r'<input type="text" name="position"[^>]*>', body)
    assert position and 'inputmode="numeric"' in position[0]  # not type=number (issue 14)
    assert "value=" not in position[0]
    r = client.post("/pla/aprovat/valors/afegir/", {"name": "", "description": ""}, **HX)
    assert r.status_code == 200 and 'id="id_value_name_error"' in r.content.decode()
    r = client.post(
        "/pla/aprovat/valors/afegir/",
        {"name": "Transparència", "description": "Dades obertes", "position": ""},
        **HX,
    )
    assert r.status_code == 204 and r["HX-Redirect"] == "/pla/aprovat/"
    names = list(plan.values.values_list("name", "position"))
    assert names == [("Servei públic", 0), ("Transparència", 1)]
    new = plan.values.get(name="Transparència")
    assert new.history.get().history_user == staff_user
    assert "Transparència" in client.get("/pla/aprovat/").content.decode()  # the cache followed

    # Edit without JavaScript: the page, then a redirect.
    r = client.get(f"/pla/aprovat/valors/{new.pk}/editar/")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" in body
    assert f'action="/pla/aprovat/valors/{new.pk}/esborrar/"' in body  # delete offered here
    r = client.post(
        f"/pla/aprovat/valors/{new.pk}/editar/",
        {"name": "Transparència radical", "description": "", "position": ""},
    )
    assert r.status_code == 302 and r["Location"] == "/pla/aprovat/"
    new.refresh_from_db()
    assert new.name == "Transparència radical" and new.position == 1  # empty: stays put
    # The position orders the values.
    first = plan.values.get(name="Servei públic")
    r = client.post(
        f"/pla/aprovat/valors/{first.pk}/editar/",
        {"name": "Servei públic", "description": "", "position": "2"},
    )
    assert r.status_code == 302
    body = client.get("/pla/aprovat/").content.decode()
    assert body.index("Transparència radical") < body.index("Servei públic")

    r = client.post(f"/pla/aprovat/valors/{new.pk}/esborrar/", **HX)
    assert r.status_code == 204 and r["HX-Redirect"] == "/pla/aprovat/"
    assert list(plan.values.values_list("name", flat=True)) == ["Servei públic"]
    deleted = PlanValue.history.filter(id=new.pk, history_type="-").get()
    assert deleted.history_user == staff_user
    assert "Transparència" not in client.get("/pla/aprovat/").content.decode()


def test_a_value_is_reached_only_through_its_own_plan(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    other = _value(plans["other"])
    assert client.get(f"/pla/aprovat/valors/{other.pk}/editar/").status_code == 404
    assert client.post(f"/pla/aprovat/valors/{other.pk}/esborrar/").status_code == 404
    assert client.get("/pla/no-such-plan/valors/afegir/").status_code == 404
    assert PlanValue.objects.filter(pk=other.pk).exists()


# --- Milestones of an indicator -----------------------------------------------------------------


def test_indicator_edit_page_lists_and_adds_milestones(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = speaking(client_for(staff_user), "en")
    url = f"/pla/indicadors/{IND}/editar/"
    body = client.get(url).content.decode()
    assert 'id="milestones"' in body and "No milestones yet." in body
    assert '<label for="id_milestone_date">' in body and '<label for="id_milestone_value">' in body
    fragment = client.get(url, **HX).content.decode()
    assert "<html" not in fragment and 'id="milestones"' in fragment
    assert 'id="id_indicator_code"' in fragment
    # A failing HTMX save of the indicator answers its form alone (the milestones stay put).
    r = client.post(url, {"code": IND, "name": ""}, **HX)
    assert r.status_code == 200 and 'id="milestones"' not in r.content.decode()

    add = f"/pla/indicadors/{IND}/fites/afegir/"
    r = client.post(add, {"date": "2025-12-31", "value": "40"}, **HX)
    body = r.content.decode()
    assert r.status_code == 200 and body.startswith('<section id="milestones"')
    assert 'data-milestone="2025-12-31"' in body and "Milestone added." in body
    assert "autofocus" in body
    m = Milestone.objects.get()
    assert m.indicator.code == IND and m.value == Decimal(40)
    assert m.history.get().history_user == staff_user

    r = client.post(add, {"date": "2025-12-31", "value": "50"}, **HX)  # the same date again
    body = r.content.decode()
    assert r.status_code == 200 and "already a milestone on that date" in body
    assert 'aria-describedby="id_milestone_date_error"' in body
    assert Milestone.objects.count() == 1

    r = client.post(add, {"date": "2026-12-31", "value": "70"})  # without JavaScript
    assert r.status_code == 302 and r["Location"] == url
    r = client.post(add, {"date": "", "value": "70"})
    assert r.status_code == 422 and 'id="id_milestone_date_error"' in r.content.decode()
    assert "Milestones" in r.content.decode() and 'id="id_indicator_code"' in r.content.decode()

    chart = client.get(f"/pla/indicadors/{IND}/").content.decode()
    assert '["2025-12-31", 40.0]' in chart and '["2026-12-31", 70.0]' in chart


def test_the_inline_edit_form_shares_no_id_with_the_indicator_page(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    page = client.get(f"/pla/indicadors/{IND}/").content.decode()
    fragment = client.get(f"/pla/indicadors/{IND}/editar/", **HX).content.decode()
    ids = re.compile(r'\bid="([^"]+)"')
    assert 'id="id_date"' in page  # the measurement form
    assert set(ids.findall(page)) & set(ids.findall(fragment)) == set()


def test_staff_removes_a_milestone(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = speaking(client_for(staff_user), "en")
    m = _milestone(staff_user)
    r = client.post(f"/pla/indicadors/{IND}/fites/{m.pk}/esborrar/", **HX)
    body = r.content.decode()
    assert r.status_code == 200 and "Milestone removed." in body and "data-milestone" not in body
    assert not Milestone.objects.exists()
    deleted = Milestone.history.filter(id=m.pk, history_type="-").get()
    assert deleted.history_user == staff_user


def test_a_milestone_is_reached_only_through_its_own_indicator(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    m = _milestone(staff_user, code="altre-I1.1-1")
    assert client.post(f"/pla/indicadors/{IND}/fites/{m.pk}/esborrar/").status_code == 404
    r = client.post("/pla/indicadors/NOPE/fites/afegir/", {"date": "2025-12-31", "value": 1})
    assert r.status_code == 404
    assert Milestone.objects.filter(pk=m.pk).exists()


# --- Deleting through the plan in the URL -------------------------------------------------------


def test_node_delete_finds_an_indicator_only_in_the_plan_of_the_url(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    services.indicator_create(
        by=staff_user,
        code="altre-INI-1",
        name="On an initiative",
        initiative=plans["other"].objectives.get().action_lines.get().initiatives.get(),
        target_value=Decimal(10),
    )
    for code in ["altre-I1.1-1", "altre-INI-1"]:
        r = client.post(f"/pla/aprovat/indicator/{code}/esborrar/")
        assert r.status_code == 404, code
        assert Indicator.objects.filter(code=code).exists(), code
    for code in ["altre-I1.1-1", "altre-INI-1"]:
        r = client.post(f"/pla/altre/indicator/{code}/esborrar/", **HX)
        assert r.status_code == 204 and r["HX-Redirect"] == "/pla/altre/", code
        assert not Indicator.objects.filter(code=code).exists(), code


# --- Language -----------------------------------------------------------------------------------


def test_editing_pages_speak_catalan_by_default(staff_user, plans) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    assert "Nou pla" in client.get("/pla/").content.decode()
    body = client.get(f"/pla/indicadors/{IND}/editar/").content.decode()
    assert "Afegeix una fita" in body
    assert "<h1>Nou pla</h1>" in client.get("/pla/nou/").content.decode()
