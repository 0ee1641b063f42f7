"""In a real browser, checked by axe: a logged-in user finds the password change in the header
and changes it; the map's table gives the figures per band."""

from __future__ import annotations

import pytest

from localret.accounts.models import ApiToken
from localret.accounts.services import token_create
from tests.browser.conftest import assert_no_axe_violations, login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "an0ther-Long-passphrase"


def test_password_change_from_the_header_revokes_tokens(page, live_server, vic_user) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    token_create(user=vic_user)
    login(page, live_server, vic_user.username)
    page.goto(f"{base}/municipis/")
    header = page.locator("header.site-header")
    header.get_by_role("link", name="Canvia la contrasenya").click()
    page.wait_for_url(f"{base}/comptes/contrasenya/")
    assert (
        header.get_by_role("link", name="Canvia la contrasenya").get_attribute("aria-current")
        == "page"
    )
    assert_no_axe_violations(page)
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/comptes/contrasenya/fet/")
    assert_no_axe_violations(page)
    vic_user.refresh_from_db()
    assert vic_user.check_password(NEW_PASSWORD)
    assert not ApiToken.objects.filter(user=vic_user).exists()


def test_the_map_table_gives_the_figures_per_band(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/municipis/mapa/")
    page.locator("details summary").click()
    table = page.locator("details table")
    table.wait_for()
    total, municipalities, population = table.locator("tfoot tr").inner_text().split()
    assert (total, municipalities) == ("Total", "947")
    assert population.replace(".", "").isdigit() and "." in population  # Catalan grouping
    assert table.locator("tbody tr").count() == 6
    assert_no_axe_violations(page)
