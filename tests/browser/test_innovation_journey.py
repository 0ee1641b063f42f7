"""Staff move a pilot to evaluation on the board (HTMX), see the replication list, record
results, decide to scale and turn a recommendation into an offer; axe checks every page."""

from __future__ import annotations

import pytest

from localret.innovation.models import Offer, Pilot
from tests.browser.conftest import assert_no_axe_violations, login
from tests.innovation.factories import OLOT, VIC, make_pilot

pytestmark = pytest.mark.browser


def test_staff_moves_a_pilot_to_evaluation_and_sees_replication(
    page, live_server, staff_user
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    pilot = make_pilot(by=staff_user, name="Sensors Sentilo", codes=(VIC, OLOT), stage="pilot")
    make_pilot(by=staff_user, name="Portal de dades obertes", stage="idea")

    # The public sees the board read-only.
    page.goto(f"{base}/innovacio/")
    assert page.locator(f"#pilot-card-{pilot.pk}").count() == 1
    assert page.locator(f"#move-{pilot.pk}").count() == 0
    assert_no_axe_violations(page)

    login(page, live_server, staff_user.username)
    page.goto(f"{base}/innovacio/")
    assert_no_axe_violations(page)
    # The card is in the running-pilot column; move it with the labelled select (HTMX).
    assert page.locator(f"#col-pilot ~ ul #pilot-card-{pilot.pk}").count() == 1
    page.select_option(f"#move-{pilot.pk}", "evaluation")
    page.locator(f"#pilot-card-{pilot.pk} button[type=submit]").click()
    page.locator("#board-status", has_text="Sensors Sentilo").wait_for()
    page.locator(f"#col-evaluation ~ ul #pilot-card-{pilot.pk}").wait_for()
    assert page.url == f"{base}/innovacio/"  # swapped in place, no reload
    # The keyboard focus lands on the moved pilot's link.
    assert page.evaluate("() => document.activeElement.textContent") == "Sensors Sentilo"
    assert_no_axe_violations(page)
    pilot.refresh_from_db()
    assert pilot.stage == "evaluation"

    # The pilot's page shows the (provisional) replication list, explained, without participants.
    page.locator(f"#pilot-card-{pilot.pk} h3 a").click()
    page.wait_for_url(f"{base}/innovacio/pilots/{pilot.pk}/")
    rows = page.locator("table.replication tbody tr")
    assert rows.count() == 15
    hrefs = [rows.nth(i).locator("th a").get_attribute("href") or "" for i in range(rows.count())]
    assert all(hrefs) and not any(VIC in h or OLOT in h for h in hrefs)
    assert page.locator("table.replication tbody tr").first.locator("ul.reasons li").count() >= 1
    assert_no_axe_violations(page)

    # Record results on the evaluation page and decide to scale.
    evaluation = pilot.evaluations.get()
    criterion = pilot.criteria.get()
    page.goto(f"{base}/innovacio/avaluacions/{evaluation.pk}/")
    assert_no_axe_violations(page)
    page.fill(f"#r_{criterion.pk}_{VIC}", "25")
    page.fill(f"#r_{criterion.pk}_{OLOT}", "12")
    page.locator("form[action$='/resultats/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.select_option("#id_decision", "scale")
    page.fill("#id_reasons", "Worked in Vic")
    page.locator("form[action$='/decisio/'] button[type=submit]").click()
    page.wait_for_url(f"{base}/innovacio/pilots/{pilot.pk}/")
    pilot.refresh_from_db()
    assert pilot.stage == "scaling"
    assert_no_axe_violations(page)

    # Now the ranking compares with Vic only (where it worked) and offers can be made.
    first = page.locator("table.replication tbody tr").first
    code_link = first.locator("th a").get_attribute("href") or ""
    first.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/innovacio/pilots/{pilot.pk}/")
    offer = Offer.objects.get(pilot=pilot)
    assert offer.municipality.code in code_link and offer.reasons
    assert offer.municipality.code not in (VIC, OLOT)
    assert_no_axe_violations(page)
    assert Pilot.objects.get(pk=pilot.pk).stage == "scaling"
