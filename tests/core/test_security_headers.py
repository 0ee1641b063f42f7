"""Security headers and sessions (issue 13, findings 4 and 7): CSP and Permissions-Policy on
every HTML page, no-store on authenticated and API answers, the client address behind trusted
proxies, and the per-address lock-out against password spraying."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from localret.core.clientip import client_ip
from tests.conftest import PASSWORD, VIC, api_client, client_for

PAGES = ["/", "/municipis/", "/municipis/mapa/", "/maduresa/", "/pla/", "/comptes/entra/"]


def _directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PAGES, "/api/docs", "/no-such-page/"])
def test_every_html_page_carries_a_strict_csp_and_a_permissions_policy(path):
    response = client_for(None).get(path)
    assert "text/html" in response["Content-Type"]
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_no_template_has_inline_script_or_handlers():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "src" / "localret"
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>", text):
            attrs = match.group("attrs")
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=|hx-on", text):
            offenders.append(f"{template}: inline event handler")
    assert not offenders, offenders


@pytest.mark.django_db
def test_the_profile_api_is_never_stored(vic_user):
    path = f"/api/v1/municipalities/{VIC}/profile"
    for client in (client_for(None), api_client(vic_user), client_for(vic_user)):
        response = client.get(path)
        assert "no-store" in response["Cache-Control"], response.status_code


@pytest.mark.django_db
def test_authenticated_api_answers_and_pages_are_private_no_store(staff_user):
    for path in ("/api/v1/municipalities", "/api/v1/plans"):
        response = api_client(staff_user).get(path)
        assert response["Cache-Control"] == "private, no-store", path
    page = client_for(staff_user).get("/municipis/")
    assert page["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("count", "trusted", "forwarded", "expected"),
    [
        (0, [], "6.6.6.6", "10.0.0.1"),  # no proxy configured: the header is ignored
        (1, [], "1.1.1.1", "1.1.1.1"),
        (1, [], "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # a forged left-most entry is ignored
        (2, [], "6.6.6.6, 1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (1, ["10.0.0."], "1.1.1.1", "1.1.1.1"),
        (1, ["192.168."], "1.1.1.1", "10.0.0.1"),  # not our proxy: its header is not trusted
        (1, [], "not-an-address", "10.0.0.1"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies(count, trusted, forwarded, expected):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1")
    with override_settings(LOCALRET_TRUSTED_PROXY_COUNT=count, LOCALRET_TRUSTED_PROXIES=trusted):
        assert client_ip(request) == expected


def _login(client, username, password, address):  # type: ignore[no-untyped-def]
    return client.post(
        "/comptes/entra/",
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
@override_settings(LOCALRET_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_one_attacker_cannot_lock_a_user_out_for_everyone(vic_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _login(client_for(None), vic_user.username, "wrong", "6.6.6.6")
    assert _login(client_for(None), vic_user.username, "wrong", "6.6.6.6").status_code == 429
    # The same user from another client address logs in.
    assert _login(client_for(None), vic_user.username, PASSWORD, "1.1.1.1").status_code == 302


@pytest.mark.django_db
@override_settings(LOCALRET_TRUSTED_PROXY_COUNT=1, AXES_IP_FAILURE_LIMIT=12)
def test_password_spraying_from_one_address_is_locked_out(users, settings):
    # One failure for each of 12 usernames (the per-username limit is never reached) ...
    statuses = [
        _login(client_for(None), f"user{n}", "Summer2026!", "6.6.6.6").status_code
        for n in range(12)
    ]
    assert statuses == [200] * 11 + [429]
    # ... locks the address, even for a right password ...
    assert _login(client_for(None), users["vic"].username, PASSWORD, "6.6.6.6").status_code == 429
    # ... and no other address.
    assert _login(client_for(None), users["vic"].username, PASSWORD, "1.1.1.1").status_code == 302
