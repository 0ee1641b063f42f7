"""A Board member opens the Board report for last quarter (built in the background, progress
page, download) and follows an overdue agreement; axe reports no violation on every public page
of the transparency portal and the open data."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.governance import services
from localret.territory.models import Municipality
from tests.browser.conftest import assert_no_axe_violations, login
from tests.governance.factories import board_with_members, meeting_with_quorum
from tests.reporting.factories import small_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def governance_data(staff_user):  # type: ignore[no-untyped-def]
    plan = small_plan()
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members, day=dt.date(2021, 3, 1))
    vic = Municipality.objects.get(code="082981")
    overdue = services.agreement_record(
        meeting=meeting,
        number="CA 2021/03-1",
        title="Contracte de telecomunicacions",
        text="Adjudicar el contracte agregat.",
        votes_for=5,
        is_public=True,
        plan=plan,
        municipalities=[vic],
        by=staff_user,
    )
    services.follow_up_create(
        agreement=overdue, title="Signar el contracte", due_date=dt.date(2021, 6, 1), by=staff_user
    )
    return plan, overdue


def test_board_member_report_and_overdue_agreement(page, live_server, board_user, governance_data):  # type: ignore[no-untyped-def]
    plan, overdue = governance_data
    base = live_server.url
    login(page, live_server, board_user.username)
    page.goto(f"{base}/informes/")
    assert_no_axe_violations(page)
    today = dt.date.today()
    quarter_end = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    assert page.input_value("#id_as_of") == quarter_end.isoformat()
    page.select_option("#id_plan", plan.slug)
    page.locator("main form.filters button[type=submit]").click()
    page.wait_for_url(f"{base}/informes/feines/*/")
    link = page.locator("#job-status a.button")
    link.wait_for()
    assert_no_axe_violations(page)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{plan.slug}-{quarter_end.isoformat()}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.goto(f"{base}/governanca/pendents/")
    assert_no_axe_violations(page)
    page.locator("main table a", has_text="CA 2021/03-1").click()
    page.wait_for_url(f"{base}/governanca/acords/{overdue.pk}/")
    assert page.locator("main").inner_text().count("Signar el contracte") == 1
    assert page.locator(".tag-overdue").count() == 1
    assert_no_axe_violations(page)


def test_public_portal_pages_have_no_axe_violation(page, live_server, governance_data):  # type: ignore[no-untyped-def]
    plan, agreement = governance_data
    base = live_server.url
    for path in [
        "/transparencia/",
        f"/transparencia/plans/{plan.slug}/",
        f"/transparencia/plans/{plan.slug}/OE1/",
        "/transparencia/acords/",
        f"/transparencia/acords/{agreement.pk}/",
        "/transparencia/municipis/082981/",
        "/transparencia/equilibri-territorial/",
        "/dades-obertes/",
    ]:
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)
