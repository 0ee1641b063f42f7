"""A municipal user's journey through the foundation pages in a real browser, checked by axe."""

from __future__ import annotations

import re

import pytest

from localret.territory.models import MunicipalProfile
from tests.browser.conftest import assert_no_axe_violations, login
from tests.conftest import OLOT, VIC

pytestmark = pytest.mark.browser


def test_municipal_user_edits_own_profile_is_refused_another_and_switches_to_spanish(
    page, live_server, vic_user
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url

    # Public pages, in Catalan (the default language), before logging in.
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "ca"
    assert page.locator("a.skip-link").inner_text() == "Salta al contingut principal"
    assert_no_axe_violations(page)
    # Keyboard: the first Tab shows the skip link, Enter moves the focus to the main content.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    page.goto(f"{base}/comptes/entra/")
    assert_no_axe_violations(page)
    login(page, live_server, vic_user.username)

    page.goto(f"{base}/municipis/")
    assert page.locator("h1").inner_text() == "Municipis de Catalunya"
    assert "947 municipis" in page.locator("#results").inner_text()
    assert_no_axe_violations(page)

    # The register is searchable: the search box filters the table (HTMX).
    page.fill("#id_search", "Vic")
    page.locator("#results a", has_text=re.compile(r"^Vic$")).wait_for()
    page.locator("#results a", has_text=re.compile(r"^Vic$")).click()
    page.wait_for_url(f"{base}/municipis/{VIC}/")
    assert page.locator("h1").inner_text() == "Vic"
    assert_no_axe_violations(page)

    # Own municipality: edit the profile and add a contact.
    page.get_by_role("link", name="Edita el perfil").click()
    page.wait_for_url(f"{base}/municipis/{VIC}/perfil/")
    assert_no_axe_violations(page)
    page.fill("#id_contacts-0-name", "Maria Puig i Serra")
    page.select_option("#id_contacts-0-role", "digital_lead")
    page.fill("#id_contacts-0-email", "mpuig@vic.cat")
    page.fill("#id_contacts-0-phone", "+34 938 862 100")
    page.fill("#id_notes", "Contacte revisat a la prova del navegador.")
    page.get_by_role("button", name="Desa").click()
    page.wait_for_url(f"{base}/municipis/{VIC}/")
    assert page.locator(".messages").inner_text().strip() == "S'ha desat el perfil."
    contacts = page.locator("#profile-title + table tbody")
    assert "Maria Puig i Serra" in contacts.inner_text()
    assert "mpuig@vic.cat" in contacts.inner_text()
    assert "Responsable de transformació digital" in contacts.inner_text()
    assert_no_axe_violations(page)
    profile = MunicipalProfile.objects.get(municipality__code=VIC)
    assert [(c.name, c.role, c.email) for c in profile.contacts.all()] == [
        ("Maria Puig i Serra", "digital_lead", "mpuig@vic.cat")
    ]

    # Another municipality's profile is refused.
    response = page.goto(f"{base}/municipis/{OLOT}/perfil/")
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == "Accés denegat"
    assert_no_axe_violations(page)
    assert not MunicipalProfile.objects.filter(municipality__code=OLOT).exists()

    # The language switcher turns the site into Spanish, and it stays so.
    page.goto(f"{base}/municipis/")
    page.select_option("#language-select", "es")
    page.locator(".lang-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Municipios de Cataluña"
    assert page.locator("a.skip-link").inner_text() == "Saltar al contenido principal"

    page.goto(f"{base}/municipis/mapa/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Municipios por tramo de población"
    page.locator("#map canvas").first.wait_for()
    assert_no_axe_violations(page)
