"""The Vic user fills part of the maturity assessment, saves, comes back and submits; the
technician returns it with a comment, then validates it; the radar and the plan's OE1
indicator change; axe reports no violation on the pages visited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from localret.maturity import services as maturity_services
from localret.maturity.loader import load_default_model
from localret.maturity.models import Assessment, MaturityIndicator
from localret.strategy import services as strategy_services
from localret.territory.models import Municipality
from tests.browser.conftest import assert_no_axe_violations, login
from tests.maturity.factories import bulk_validated, make_campaign
from tests.strategy.factories import make_plan

pytestmark = pytest.mark.browser

VIC = "082981"


def _setup(staff_user):  # type: ignore[no-untyped-def]
    load_default_model()  # the live server's database is flushed between tests
    band = Municipality.objects.get(code=VIC).population_band
    peers = list(
        Municipality.objects.filter(population_band=band)
        .exclude(code=VIC)
        .order_by("code")
        .values_list("code", flat=True)[:4]
    )
    c2021 = make_campaign("diagnosi-2021", 2021, is_open=False)
    bulk_validated(
        c2021, {VIC: 0.2, **{c: 0.3 + 0.1 * i for i, c in enumerate(peers)}}, on=dt.date(2021, 6, 1)
    )
    c2023 = make_campaign("diagnosi-2023", 2023, is_open=True)
    bulk_validated(c2023, {c: 0.4 + 0.1 * i for i, c in enumerate(peers)}, on=dt.date(2023, 6, 1))
    plan = make_plan(staff_user, slug="pla-maduresa", status="draft", indicators_per_line=0)
    line = plan.objectives.get(code="OE1").action_lines.order_by("code").first()
    strategy_services.indicator_create(
        by=staff_user,
        code="C1-MAD",
        name="Puntuació mitjana de maduresa",
        action_line=line,
        unit="punts",
        computed_key="maturity.mean_overall_score",
        aggregation="mean",
        baseline_value=Decimal(0),
        target_value=Decimal(70),
    )
    strategy_services.plan_approve(plan=plan, by=staff_user, agreement_ref="CA test")
    maturity_services.plan_indicators_refresh(by=staff_user)
    return c2023


def _current_value(page, base: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/pla/indicadors/C1-MAD/")
    return page.locator("dl.facts dd").nth(5).inner_text().strip()


def _radar(page, base: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/maduresa/municipi/{VIC}/")
    page.locator("#radar[data-ready=true]").wait_for()
    return page.locator("#radar").get_attribute("data-own") or ""


def test_vic_fills_submits_and_staff_returns_then_validates(
    browser, page, live_server, vic_user, staff_user, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    campaign = _setup(staff_user)
    ind = {i.code: i.pk for i in MaturityIndicator.objects.all()}

    login(page, live_server, vic_user.username)
    radar_before = _radar(page, base)
    assert radar_before
    assert_no_axe_violations(page)
    value_before = _current_value(page, base)
    assert_no_axe_violations(page)

    # Vic opens the open campaign's assessment and fills part of it.
    page.goto(f"{base}/maduresa/municipi/{VIC}/")
    page.locator("form[action$='/avaluacio/'] button[type=submit]").click()
    page.locator("#assessment-form").wait_for()
    assessment = Assessment.objects.get(municipality__code=VIC, campaign=campaign)
    assert page.url == f"{base}/maduresa/avaluacio/{assessment.pk}/"
    assert_no_axe_violations(page)
    page.select_option(f"#v_{ind['EST01']}", "1")
    page.fill(f"#u_{ind['EST01']}", "https://www.vic.cat/pla-digital")
    page.set_input_files(
        f"#f_{ind['EST01']}",
        files=[{"name": "pla.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 pla"}],
    )
    page.select_option(f"#v_{ind['SER03']}", "3")
    page.fill(f"#v_{ind['ACT01']}", "40000")
    page.click("#save-button")
    page.locator(".messages").wait_for()
    assert page.locator("#assessment-status").get_attribute("data-status") == "draft"

    # Vic comes back later: the answers are there.
    page.goto(f"{base}/maduresa/")
    assert_no_axe_violations(page)
    page.goto(f"{base}/maduresa/municipi/{VIC}/")
    page.locator(f"a[href='/maduresa/avaluacio/{assessment.pk}/']").first.click()
    page.locator("#assessment-form").wait_for()
    assert page.input_value(f"#v_{ind['EST01']}") == "1"
    assert page.input_value(f"#u_{ind['EST01']}") == "https://www.vic.cat/pla-digital"
    assert page.input_value(f"#v_{ind['SER03']}") == "3"
    for code in ("SER01", "SER02", "INT01", "INT04", "GOV01"):
        page.select_option(f"#v_{ind[code]}", "1")
    page.click("#submit-button")
    page.locator(".messages").wait_for()
    assert page.locator("#assessment-status").get_attribute("data-status") == "submitted"
    assert page.locator("#assessment-form select").count() == 0  # no longer editable

    # The technician returns it with a comment.
    staff_page = browser.new_context(locale="ca-ES").new_page()
    login(staff_page, live_server, staff_user.username)
    staff_page.goto(f"{base}/maduresa/")
    assert_no_axe_violations(staff_page)
    staff_page.locator(f"a[href='/maduresa/avaluacio/{assessment.pk}/']").click()
    staff_page.locator("#review-comment-input").wait_for()
    assert_no_axe_violations(staff_page)
    staff_page.fill("#review-comment-input", "Falta l'evidència del catàleg de tràmits (SER03).")
    staff_page.click("#return-button")
    staff_page.locator(".messages").wait_for()
    assert staff_page.locator("#assessment-status").get_attribute("data-status") == "returned"

    # Vic sees the comment, completes and submits again.
    page.goto(f"{base}/maduresa/avaluacio/{assessment.pk}/")
    assert "catàleg de tràmits" in page.locator("#review-comment").inner_text()
    assert_no_axe_violations(page)
    page.fill(f"#u_{ind['SER03']}", "https://www.vic.cat/tramits")
    page.click("#submit-button")
    page.locator(".messages").wait_for()
    assert page.locator("#assessment-status").get_attribute("data-status") == "submitted"

    # The technician validates it.
    staff_page.goto(f"{base}/maduresa/avaluacio/{assessment.pk}/")
    staff_page.click("#validate-button")
    staff_page.locator(".messages").wait_for()
    assert staff_page.locator("#assessment-status").get_attribute("data-status") == "validated"
    assessment.refresh_from_db()
    assert assessment.status == "validated" and assessment.overall is not None

    # The radar now shows the 2023 result, and the plan's OE1 indicator has moved.
    radar_after = _radar(page, base)
    assert radar_after and radar_after != radar_before
    assert_no_axe_violations(page)
    assert _current_value(page, base) != value_before
    # The band page for the staff names the municipalities; axe passes on it too.
    staff_page.goto(f"{base}/maduresa/comparativa/{assessment.band}/")
    staff_page.locator("#ranking").wait_for()
    assert_no_axe_violations(staff_page)
    staff_page.context.close()
