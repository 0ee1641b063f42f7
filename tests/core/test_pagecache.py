"""The whole-page cache (core/pagecache.py): a page stored for one visitor is served to the next
one of the same role with that visitor's own CSRF token and name; roles, languages and flash
messages never cross; the placeholders never reach a browser."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from localret.core import pagecache
from localret.strategy.models import Indicator
from tests.conftest import client_for, make_user, speaking

pytestmark = pytest.mark.django_db

PAGE = "/municipis/?province=17"


def get(client: Client, url: str = PAGE, lang: str = "en", **headers: str) -> str:
    response = speaking(client, lang).get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    for mark in pagecache.placeholders():
        assert mark not in html
    return html


def tokens(html: str) -> set[str]:
    """Every CSRF token in the page: the forms' hidden fields and the HTMX header."""
    found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    found |= set(re.findall(r'"X-CSRFToken": "([^"]+)"', html))
    return found


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert speaking(client, "en").get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_second_visitor_gets_the_page_from_the_cache_with_a_token_of_their_own():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    html_first = get(first)
    assert queries(second, PAGE) == 1  # the register fingerprint: the page itself is cached
    html_second = get(second)
    (token_first,) = tokens(html_first)
    (token_second,) = tokens(html_second)
    assert token_first != token_second
    # The page is the same apart from the token.
    assert html_second.replace(token_second, "T") == html_first.replace(token_first, "T")
    # Each token works for its own visitor: the language form posts through CSRF protection.
    for client, token in ((first, token_first), (second, token_second)):
        response = client.post(
            "/i18n/setlang/", {"language": "es", "next": PAGE, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302, response.status_code
    # And not for another visitor without that cookie.
    third = Client(enforce_csrf_checks=True)
    get(third)
    response = third.post(
        "/i18n/setlang/", {"language": "es", "next": PAGE, "csrfmiddlewaretoken": token_first}
    )
    assert response.status_code == 403


def test_each_user_sees_their_own_name_on_a_page_cached_for_their_role(staff_user):
    other = make_user("tecnica2", "staff")
    mine = get(client_for(staff_user))
    theirs = get(client_for(other))
    assert '<span class="user-name">tecnic1</span>' in mine
    assert '<span class="user-name">tecnica2</span>' in theirs
    assert "tecnic1" not in theirs
    anonymous = get(Client())
    assert "tecnic1" not in anonymous and "tecnica2" not in anonymous
    assert "Log out" not in anonymous and "Log in" in anonymous


def test_a_user_name_is_escaped():
    user = make_user("o'neil&co", "staff")
    html = get(client_for(user))
    assert '<span class="user-name">o&#x27;neil&amp;co</span>' in html


def test_roles_never_share_a_cached_page(users):
    """The Board's links are not served to the public, nor the public's page to the Board."""
    governance = 'href="/governanca/"'
    order = ["board", "public", "vic", "staff", "collaborator", "admin", "olot"]
    for _ in range(2):  # the second round is served from the cache
        for role in order:
            html = get(client_for(users[role]))
            assert (governance in html) == (role in ("board", "staff", "admin")), role
            assert ("Consultations" in html) == (role not in ("public", "vic", "olot")), role


def test_each_language_is_its_own_page():
    client = Client()
    english = get(client)
    catalan = get(client, lang="ca")
    assert 'lang="en"' in english and "Municipalities of Catalonia" in english
    assert 'lang="ca"' in catalan and "Municipalities of Catalonia" not in catalan
    assert get(client, lang="ca").count('lang="ca"') == catalan.count('lang="ca"')


def test_the_htmx_fragment_and_the_page_are_kept_apart():
    client = Client()
    page = get(client)
    fragment = get(client, **{"HX-Request": "true"})
    assert "<html" in page and "<html" not in fragment
    assert "<html" in get(client) and "<html" not in get(client, **{"HX-Request": "true"})


def test_a_flash_message_is_shown_once_and_never_stored(staff_user):
    from tests.strategy.factories import make_plan

    make_plan(staff_user, slug="missatges")
    staff = client_for(staff_user)
    page = "/pla/missatges/"
    assert "Deleted." not in get(staff, page)
    code = Indicator.objects.filter(action_line__objective__plan__slug="missatges").first().code  # type: ignore[union-attr]
    response = staff.post(f"/pla/missatges/indicator/{code}/esborrar/", follow=True)
    assert response.status_code == 200
    assert "Deleted." in response.content.decode()
    # The page after the message is the cached one (or a fresh one), without the message.
    assert "Deleted." not in get(staff, page)
    assert "Deleted." not in get(client_for(make_user("tecnica3", "staff")), page)


def test_only_successful_pages_are_stored(staff_user):
    from tests.strategy.factories import make_plan

    make_plan(staff_user, slug="esborrany-cau", status="draft")
    public = Client()
    assert public.get("/pla/esborrany-cau/").status_code == 404
    # The staff's 200 is cached, the public's 404 was not: each still gets their own answer.
    assert client_for(staff_user).get("/pla/esborrany-cau/").status_code == 200
    assert public.get("/pla/esborrany-cau/").status_code == 404
    assert client_for(staff_user).get("/pla/esborrany-cau/").status_code == 200


def test_head_requests_and_the_vary_header_are_kept():
    client = Client()
    first = client.get(PAGE)
    second = client.get(PAGE)
    assert first["Vary"] == second["Vary"]
    assert "HX-Request" in second["Vary"] and "Cookie" in second["Vary"]
    assert second["Content-Type"] == first["Content-Type"]
    assert client.head(PAGE).status_code == 200


def test_placeholders_come_from_the_secret_key_so_every_process_agrees():
    csrf, user = pagecache.placeholders()
    assert csrf != user and csrf.isalnum() and user.isalnum()
    assert pagecache.placeholders() == (csrf, user)
    with override_settings(SECRET_KEY="another-" + "x" * 60):
        assert pagecache.placeholders() != (csrf, user)


def test_a_warm_plan_page_costs_the_fingerprint_query_alone(users, staff_user):
    from tests.strategy.factories import make_plan

    make_plan(staff_user, slug="rapid", lines=3)
    for role in ("public", "board", "staff", "vic"):
        client = client_for(users[role])
        get(client, "/pla/rapid/")
        if role == "public":
            assert queries(client, "/pla/rapid/") == 1
        else:  # a logged-in visitor's session and user are read as on every page
            assert queries(client, "/pla/rapid/") == 3, role
