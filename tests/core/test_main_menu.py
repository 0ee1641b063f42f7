"""The main menu is rendered once per language, day and kind of viewer (core/fragments.py):
each role still sees exactly its own links, whoever came first, in the page's language, and
reading it costs no query."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..conftest import client_for, speaking

pytestmark = pytest.mark.django_db

PUBLIC = ["/municipis/", "/municipis/mapa/", "/maduresa/", "/transparencia/"]
INTERNAL = ["/governanca/", "/informes/", "/diagnosi/"]
CONSULTATIONS = "/participacio/"
REQUESTS = "/peticions/"
NAV = re.compile(r'<nav aria-label="[^"]+" class="main-nav">(.*?)</nav>', re.S)


def _menu(user, language: str = "ca") -> str:  # type: ignore[no-untyped-def]
    response = speaking(client_for(user), language).get("/")
    assert response.status_code == 200
    return NAV.search(response.content.decode()).group(1)


@pytest.mark.parametrize(
    "who,internal,consultations,requests",
    [
        ("public", False, False, False),
        ("collaborator", False, True, False),
        ("vic", False, False, True),
        ("board", True, True, False),
        ("staff", True, True, True),
    ],
)
def test_each_role_sees_its_own_links_whoever_came_first(
    users, who, internal, consultations, requests
):
    for first in ("staff", "public", "vic"):  # the menus of others kept before
        _menu(users[first])
    menu = _menu(users[who])
    assert all(f'href="{url}"' in menu for url in PUBLIC)
    assert all((f'href="{url}"' in menu) is internal for url in INTERNAL)
    assert (f'href="{CONSULTATIONS}"' in menu) is consultations
    assert (f'href="{REQUESTS}"' in menu) is requests


def test_the_menu_speaks_the_pages_language(users):
    assert ">Municipis<" in _menu(None, "ca")
    assert ">Municipios<" in _menu(None, "es")
    assert ">Municipalities<" in _menu(None, "en")


def test_reading_the_kept_menu_costs_no_query():
    from django.template import Context, Template

    template = Template("{% load localret %}{% main_menu %}")
    context = Context({"user_can_read_internal": False, "user": None})
    first = template.render(context)
    with CaptureQueriesContext(connection) as queries:
        again = template.render(context)
    assert again == first and 'href="/municipis/"' in again
    assert len(queries) == 0
