"""The cached plan overview page and ``GET /api/v1/plans/{slug}``: whatever way the data change
(services, API, a plain model save as the Django admin does, an as-of date), the next request
shows the new data; rendered HTML is never shared across languages or roles; the query count
stays bounded and independent of the plan's size."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localret.core import versions
from localret.core.cache import clear_local
from localret.strategy.models import Indicator, Measurement
from localret.strategy.snapshot import READS
from tests.conftest import api_client, client_for, speaking

from .factories import make_plan, measure

pytestmark = pytest.mark.django_db
SLUG = "cau"
PAGE = f"/pla/{SLUG}/"
API = f"/api/v1/plans/{SLUG}"
D1 = dt.date(2024, 3, 31)
D2 = dt.date(2024, 6, 30)


@pytest.fixture
def plan(staff_user):  # type: ignore[no-untyped-def]
    return make_plan(staff_user, slug=SLUG, lines=2)


def _indicator() -> Indicator:
    return Indicator.objects.get(code=f"{SLUG}-I1.1-1")


def _line(query: str = "") -> dict:
    """Line 1.1 as the API sees it."""
    body = api_client(None).get(API + query).json()
    return body["objectives"][0]["action_lines"][0]


def _page_row(query: str = "", client=None) -> str:  # type: ignore[no-untyped-def]
    """Line 1.1's row of the overview page."""
    client = client or client_for(None)
    html = speaking(client, "en").get(PAGE + query).content.decode()
    match = re.search(r'<tr data-line="1\.1">.*?</tr>', html, re.S)
    assert match, html
    return match.group(0)


def _shows(row: str, line: dict) -> bool:
    return f"status-{line['status'] or 'no_data'}" in row and (
        line["progress"] is not None and f"{round(line['progress'] * 100)}%" in row  # English page
    )


def _warm(query: str = "") -> tuple[dict, str]:
    """Read both twice (second read from the cache) and check they agree."""
    line = _line(query)
    assert _line(query) == line
    row = _page_row(query)
    assert _page_row(query) == row
    return line, row


def test_a_measurement_recorded_through_the_service_shows_at_once(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    measure(_indicator(), staff_user, D1, 5)
    before, row = _warm()
    assert _shows(row, before)
    # Recorded as of a past date: the history date does not move forward, the count does.
    measure(_indicator(), staff_user, D2, 95)
    after, row = _warm()
    assert after["progress"] != before["progress"] and after["progress"] == pytest.approx(0.95)
    assert after["status"] != before["status"]
    assert _shows(row, after)


def test_a_measurement_posted_to_the_api_shows_at_once(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    measure(_indicator(), staff_user, D1, 5)
    before, _ = _warm()
    r = api_client(staff_user).post(
        f"/api/v1/indicators/{_indicator().code}/measurements",
        {"date": D2.isoformat(), "value": 95},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    after, row = _warm()
    assert after["progress"] == pytest.approx(0.95) and after["status"] != before["status"]
    assert _shows(row, after)


def test_plain_model_saves_as_in_the_admin_show_at_once(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    first = measure(_indicator(), staff_user, D1, 5)
    before, _ = _warm()
    # A new row saved outside the services.
    Measurement.objects.create(
        indicator=_indicator(), date=D2, value=Decimal(95), entered_by=staff_user
    )
    after, row = _warm()
    assert after["progress"] == pytest.approx(0.95) and after["status"] != before["status"]
    assert _shows(row, after)
    # An edit of an existing row (same count, same ids) bumps the data version.
    Measurement.objects.filter(date=D2).delete()
    first.value = Decimal(60)
    first.save()
    edited, row = _warm()
    assert edited["progress"] == pytest.approx(0.60)
    assert _shows(row, edited)
    # The indicator's target edited in the admin.
    ind = _indicator()
    ind.target_value = Decimal(200)
    ind.save()
    retargeted, row = _warm()
    assert retargeted["progress"] == pytest.approx(0.30)
    assert _shows(row, retargeted)


def test_each_as_of_date_has_its_own_figures(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    measure(_indicator(), staff_user, D1, 5)
    measure(_indicator(), staff_user, D2, 95)
    live, _ = _warm()
    past, row = _warm(f"?as_of={D1.isoformat()}")
    assert past["progress"] == pytest.approx(0.05) and live["progress"] == pytest.approx(0.95)
    assert _shows(row, past)
    assert (
        "You are looking at the plan as it stood on March 31, 2024"
        in speaking(client_for(None), "en").get(PAGE + f"?as_of={D1.isoformat()}").content.decode()
    )
    # And back to today: the live figures, not the as-of ones.
    assert _line() == live


def test_the_data_version_changes_with_every_write(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    seen = {versions.current(READS)}
    m = measure(_indicator(), staff_user, D1, 5)
    seen.add(versions.current(READS))
    m.value = Decimal(6)
    m.save()
    seen.add(versions.current(READS))
    m.delete()
    seen.add(versions.current(READS))
    plan.name = "Renamed"
    plan.save()
    seen.add(versions.current(READS))
    assert len(seen) == 5
    assert versions.current(READS) == versions.current(READS)


def test_rendered_html_is_not_shared_across_languages(plan) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    english = speaking(client, "en").get(PAGE).content.decode()
    catalan = speaking(client, "ca").get(PAGE).content.decode()
    spanish = speaking(client, "es").get(PAGE).content.decode()
    assert "Strategic objectives" in english
    assert "Strategic objectives" not in catalan and "Strategic objectives" not in spanish
    assert catalan != spanish
    # The cached English fragment again (the page around it differs only by its CSRF token).
    again = speaking(client, "en").get(PAGE).content.decode()
    assert _main(again) == _main(english) and "Strategic objectives" in _main(again)


def _main(html: str) -> str:
    match = re.search(r"<main.*?</main>", html, re.S)
    assert match, html
    return match.group(0)


def test_staff_edit_controls_never_reach_other_roles_from_the_cache(users, plan) -> None:  # type: ignore[no-untyped-def]
    edit_url = f"/pla/{SLUG}/editar/"
    staff = speaking(client_for(users["staff"]), "en").get(PAGE).content.decode()
    assert "Edit the plan" in staff
    changes_url = f"/pla/{SLUG}/canvis/"
    for role in ("public", "vic", "collaborator", "board"):
        body = speaking(client_for(users[role]), "en").get(PAGE).content.decode()
        assert "Edit the plan" not in body, role
        assert edit_url not in body, role
        assert (changes_url in body) == (role == "board"), role
    # And the other way round: the public's fragment cached first does not hide staff controls.
    again = speaking(client_for(users["admin"]), "en").get(PAGE).content.decode()
    assert "Edit the plan" in again


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("as_of", ["", "?as_of=2024-12-31"])
def test_query_count_cold_and_warm_whatever_the_plan_size(staff_user, board_user, as_of) -> None:  # type: ignore[no-untyped-def]
    small = make_plan(staff_user, slug="petit", objectives=1, lines=1, indicators_per_line=1)
    big = make_plan(staff_user, slug="gran", objectives=3, lines=4, indicators_per_line=3)
    for p in (small, big):
        for ind in Indicator.objects.filter(action_line__objective__plan=p):
            measure(ind, staff_user, dt.date(2024, 3, 31), 5)
    for client in (client_for(None), client_for(board_user)):
        for template in ("/pla/{}/", "/api/v1/plans/{}"):
            cold, warm = [], []
            for s in ("petit", "gran"):
                cache.clear()
                clear_local()  # the plan snapshot kept in this process
                cold.append(_count(client, template.format(s) + as_of))
                warm.append(_count(client, template.format(s) + as_of))
            assert cold[0] == cold[1] <= 15, (template, cold)
            assert warm[0] == warm[1] < cold[0], (template, warm, cold)


def test_a_cached_draft_is_never_served_to_those_who_may_not_read_drafts(users, staff_user) -> None:  # type: ignore[no-untyped-def]
    make_plan(staff_user, slug="esborrany", status="draft")
    for role in ("staff", "board"):
        assert api_client(users[role]).get("/api/v1/plans/esborrany").status_code == 200
        assert client_for(users[role]).get("/pla/esborrany/").status_code == 200
    for role in ("public", "vic", "collaborator"):
        assert api_client(users[role]).get("/api/v1/plans/esborrany").status_code == 404, role
        assert client_for(users[role]).get("/pla/esborrany/").status_code == 404, role
    assert api_client(users["admin"]).get("/api/v1/plans/esborrany").status_code == 200
