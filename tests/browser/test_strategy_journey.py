"""Strategic plan in a real browser: staff records a measurement, the action line's traffic light
changes, and the as-of view of last month still shows the old status; axe on the plan pages."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.strategy.models import Indicator
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
