"""The header's account links: logged-in users reach the password change page from every page."""

from __future__ import annotations

import re

import pytest

from ..conftest import client_for, speaking

pytestmark = pytest.mark.django_db

ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
LINK = re.compile(r'<a href="/comptes/contrasenya/"( aria-current="page")?>([^<]+)</a>')


def header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("path", ["/", "/municipis/", "/municipis/mapa/"])
def test_password_change_link_for_logged_in_users_only(users, who, path):
    response = client_for(users[who]).get(path)
    assert response.status_code == 200
    links = LINK.findall(header(response.content.decode()))
    if who == "public":
        assert links == []
        assert 'href="/comptes/entra/"' in header(response.content.decode())
    else:
        assert links == [("", "Canvia la contrasenya")]  # Catalan by default


def test_password_change_link_is_translated(vic_user):
    client = client_for(vic_user)
    names = {}
    for language in ("ca", "es", "en"):
        html = speaking(client, language).get("/").content.decode()
        names[language] = LINK.findall(header(html))[0][1]
    assert names == {
        "ca": "Canvia la contrasenya",
        "es": "Cambiar la contraseña",
        "en": "Change password",
    }


def test_the_link_leads_to_the_password_change_page_and_marks_it_current(vic_user):
    client = client_for(vic_user)
    response = client.get("/comptes/contrasenya/")
    assert response.status_code == 200
    assert "old_password" in response.context["form"].fields
    assert LINK.findall(header(response.content.decode())) == [
        (' aria-current="page"', "Canvia la contrasenya")
    ]
