"""Strategic plan in a real browser: staff records a measurement, the action line's traffic light
changes, and the as-of view of last month still shows the old status; staff adds a value to the
plan and a milestone to an indicator through their HTMX forms; axe on the plan pages (list,
overview, objective, action line, initiative, indicator, forms)."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.strategy.models import Indicator, Milestone, PlanValue
from tests.browser.conftest import assert_no_axe_violations, login
from tests.strategy.factories import make_plan, measure

pytestmark = pytest.mark.browser


def test_staff_records_a_measurement_and_the_traffic_light_changes(
    page, live_server, staff_user
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    make_plan(staff_user, slug="pla-navegador")
    ind = Indicator.objects.get(code="pla-navegador-I1.1-1")
    today = dt.date.today()
    last_month = today - dt.timedelta(days=30)
    measure(ind, staff_user, today - dt.timedelta(days=40), 2)  # far behind: off track

    # Public: the plan pages pass axe.
    page.goto(f"{base}/pla/pla-navegador/")
    assert (
        page.locator("tr[data-line='1.1'] .status")
        .get_attribute("class")
        .endswith("status-off_track")
    )
    assert_no_axe_violations(page)

    login(page, live_server, staff_user.username)
    page.goto(f"{base}/pla/indicadors/{ind.code}/")
    page.locator("#indicator-chart[data-ready='true']").wait_for()
    assert_no_axe_violations(page)
    page.fill("#id_date", today.isoformat())
    page.fill("#id_value", "100")
    # 100 is far from the series (last value 2): the form asks to confirm it first.
    page.locator("#measurement-form button[type='submit']").click()
    page.locator("#measurement-form #id_value_error").wait_for()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.locator("#measurement-form button[type='submit']").click()
    page.locator("#indicator-status .status-achieved").wait_for()

    page.goto(f"{base}/pla/pla-navegador/linies/1.1/")
    assert "status-achieved" in page.locator("#line-status .status").get_attribute("class")
    assert_no_axe_violations(page)

    page.goto(f"{base}/pla/pla-navegador/linies/1.1/?as_of={last_month.isoformat()}")
    assert "status-off_track" in page.locator("#line-status .status").get_attribute("class")
    page.goto(f"{base}/pla/pla-navegador/?as_of={last_month.isoformat()}")
    assert (
        page.locator("tr[data-line='1.1'] .status")
        .get_attribute("class")
        .endswith("status-off_track")
    )
    assert_no_axe_violations(page)
    page.goto(f"{base}/pla/pla-navegador/canvis/?since={last_month.isoformat()}")
    assert_no_axe_violations(page)
    page.goto(f"{base}/pla/importar/")
    assert_no_axe_violations(page)


def test_staff_adds_a_value_with_the_keyboard_and_the_plan_pages_pass_axe(
    page, live_server, staff_user
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    make_plan(staff_user, slug="pla-valors", lines=1)
    login(page, live_server, staff_user.username)

    page.goto(f"{base}/pla/")
    page.locator("a[href='/pla/nou/']").click()
    page.locator("#plan-new #id_slug").wait_for()
    assert_no_axe_violations(page)  # the list with the new-plan form open
    page.goto(f"{base}/pla/pla-valors/objectius/OE1/")
    assert_no_axe_violations(page)
    page.goto(f"{base}/pla/pla-valors/iniciatives/1.1.1/")
    assert_no_axe_violations(page)

    page.goto(f"{base}/pla/pla-valors/")
    page.focus("a[href='/pla/pla-valors/valors/afegir/']")
    page.keyboard.press("Enter")
    page.locator("#values-edit #id_value_name").wait_for()
    assert_no_axe_violations(page)
    page.focus("#values-edit button[type=submit]")
    page.keyboard.press("Enter")  # no name: the error comes back linked to the field
    page.locator("#id_value_name_error").wait_for()
    assert page.get_attribute("#id_value_name", "aria-describedby") == "id_value_name_error"
    assert_no_axe_violations(page)
    page.fill("#id_value_name", "Transparència")
    page.fill("#id_value_description", "Dades obertes")
    with page.expect_navigation():
        page.focus("#values-edit button[type=submit]")
        page.keyboard.press("Enter")
    page.locator("#plan-values dt", has_text="Transparència").wait_for()
    value = PlanValue.objects.get(plan__slug="pla-valors", name="Transparència")
    assert value.description == "Dades obertes" and value.position == 1
    assert value.history.get().history_user == staff_user
    assert_no_axe_violations(page)

    page.goto(f"{base}/pla/indicadors/pla-valors-I1.1-1/editar/")
    page.fill("#id_milestone_date", "2025-12-31")
    page.fill("#id_milestone_value", "40")
    page.locator("#milestone-form button[type=submit]").click()
    page.locator("#milestones tr[data-milestone='2025-12-31']").wait_for()
    assert Milestone.objects.get().indicator.code == "pla-valors-I1.1-1"
    assert_no_axe_violations(page)
