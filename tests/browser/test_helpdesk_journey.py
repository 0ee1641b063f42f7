"""Vic asks Localret in the browser, the technician answers, Vic sees the unread count and the
answer, replies, the technician resolves it and Vic answers the satisfaction question; axe
checks every page."""

from __future__ import annotations

import pytest
from django.core import mail

from localret.helpdesk.models import Request
from tests.browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser


def test_vic_asks_tecnic_answers_and_resolves(
    page, browser, live_server, vic_user, staff_user
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    login(page, live_server, vic_user.username)
    page.goto(f"{base}/peticions/nova/")
    assert_no_axe_violations(page)
    page.select_option("#id_kind", "advice")
    page.fill("#id_subject", "Assessorament sobre l'arxiu electrònic")
    page.fill("#id_description", "Necessitem criteris de conservació.")
    page.locator("main form button[type=submit]").click()
    request = Request.objects.get(subject="Assessorament sobre l'arxiu electrònic")
    page.wait_for_url(f"{base}/peticions/{request.pk}/")
    assert page.locator("#request-status").inner_text().startswith("Nova")
    assert_no_axe_violations(page)

    # The technician, in another browser, finds it to answer and answers.
    context = browser.new_context(locale="ca-ES", viewport={"width": 1280, "height": 900})
    tecnic = context.new_page()
    login(tecnic, live_server, staff_user.username)
    tecnic.goto(f"{base}/peticions/")
    assert_no_axe_violations(tecnic)
    tecnic.locator("#queue-title ~ ul a", has_text="arxiu electrònic").click()
    tecnic.wait_for_url(f"{base}/peticions/{request.pk}/")
    assert_no_axe_violations(tecnic)
    tecnic.fill("#id_body", "Us enviem la guia de conservació.")
    tecnic.locator("form[action$='/missatges/'] button[type=submit]").click()
    tecnic.wait_for_load_state()

    # Vic is told: e-mail and the unread count in the header.
    assert any(vic_user.email in m.to for m in mail.outbox)
    page.reload()
    page.locator("#notification-badge .badge", has_text="1").wait_for()
    assert "Us enviem la guia" in page.locator("ol.thread").inner_text()
    page.fill("#id_body", "Gràcies, la revisem.")
    page.locator("form[action$='/missatges/'] button[type=submit]").click()
    page.wait_for_load_state()

    # The technician resolves it.
    tecnic.reload()
    assert "la revisem" in tecnic.locator("ol.thread").inner_text()
    tecnic.select_option("#id_status", "resolved")
    tecnic.locator("form[action$='/triatge/'] button[type=submit]").click()
    tecnic.wait_for_load_state()
    context.close()
    request.refresh_from_db()
    assert request.status == "resolved" and request.within_target

    # Vic answers the satisfaction question.
    page.reload()
    assert_no_axe_violations(page)
    page.locator("input[name=rating][value='5']").check()
    page.locator("form[action$='/valoracio/'] button[type=submit]").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.satisfaction == 5

    page.goto(f"{base}/avisos/")
    assert_no_axe_violations(page)
    page.goto(f"{base}/transparencia/peticions/")
    assert_no_axe_violations(page)
