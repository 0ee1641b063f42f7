"""Log in, log out, password change and reset, lock-out, and who may use the Django admin."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail

from localret.accounts.models import User

from ..conftest import PASSWORD, client_for, speaking

pytestmark = pytest.mark.django_db

ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
NEW_PASSWORD = "an0ther-Long-passphrase"


def login(client, username: str, password: str):
    return client.post("/comptes/entra/", {"username": username, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("who", ROLES)
def test_login_page_is_public(users, who):
    assert client_for(users[who]).get("/comptes/entra/").status_code == 200


def test_login_and_logout(client, vic_user):
    response = login(client, vic_user.username, PASSWORD)
    # Each role lands on its own home after log-in (issue 15).
    assert response.status_code == 302 and response["Location"] == "/inici/"
    assert is_logged_in(client)
    assert client.get("/comptes/surt/").status_code == 405  # logging out needs POST
    response = client.post("/comptes/surt/")
    assert response.status_code == 302
    assert not is_logged_in(client)


def test_login_follows_a_safe_next_url_only(client, vic_user):
    response = client.post(
        "/comptes/entra/",
        {"username": vic_user.username, "password": PASSWORD, "next": "/municipis/082981/"},
    )
    assert response["Location"] == "/municipis/082981/"
    client.post("/comptes/surt/")
    response = client.post(
        "/comptes/entra/",
        {"username": vic_user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/inici/"


def test_wrong_password_shows_an_error_and_does_not_log_in(client, vic_user):
    response = speaking(client, "en").post(
        "/comptes/entra/",
        {"username": vic_user.username, "password": "wrong"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()
    assert not is_logged_in(client)


def test_inactive_user_cannot_log_in(client, vic_user):
    vic_user.is_active = False
    vic_user.save()
    login(client, vic_user.username, PASSWORD)
    assert not is_logged_in(client)


def test_password_change(vic_user):
    client = client_for(vic_user)
    assert client.get("/comptes/contrasenya/").status_code == 200
    response = client.post(
        "/comptes/contrasenya/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    response = client.post(
        "/comptes/contrasenya/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/comptes/contrasenya/fet/"
    assert is_logged_in(client)  # the session survives its own password change
    vic_user.refresh_from_db()
    assert vic_user.check_password(NEW_PASSWORD)


def test_password_change_needs_login(client):
    response = client.get("/comptes/contrasenya/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/entra/")


def test_weak_new_password_is_refused(vic_user):
    client = client_for(vic_user)
    response = client.post(
        "/comptes/contrasenya/",
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    vic_user.refresh_from_db()
    assert vic_user.check_password(PASSWORD)


def test_password_reset_by_email_end_to_end(client, vic_user):
    assert client.get("/comptes/recupera/").status_code == 200
    response = client.post("/comptes/recupera/", {"email": vic_user.email})
    assert response.status_code == 302
    assert response["Location"] == "/comptes/recupera/enviat/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [vic_user.email]
    assert "Localret" in message.subject
    link = re.search(r"http://testserver(/comptes/recupera/[^/\s]+/[^/\s]+/)", message.body)
    assert link, message.body
    response = client.get(link.group(1))
    assert response.status_code == 302  # Django swaps the token for a session and redirects
    set_password_url = response["Location"]
    assert set_password_url.endswith("/set-password/")
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/comptes/recupera/fet/"
    vic_user.refresh_from_db()
    assert vic_user.check_password(NEW_PASSWORD)
    # The link works once only.
    assert client.get(link.group(1)).context["validlink"] is False
    fresh = client_for(None)
    login(fresh, vic_user.username, NEW_PASSWORD)
    assert is_logged_in(fresh)


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post("/comptes/recupera/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/comptes/recupera/enviat/"
    assert mail.outbox == []


def test_tampered_reset_link_is_refused(client, vic_user):
    client.post("/comptes/recupera/", {"email": vic_user.email})
    link = re.search(r"(/comptes/recupera/[^/\s]+/)([^/\s]+)/", mail.outbox[0].body)
    assert link
    response = client.get(f"{link.group(1)}bad-token/")
    assert response.status_code == 200
    assert response.context["validlink"] is False
    vic_user.refresh_from_db()
    assert vic_user.check_password(PASSWORD)


# --- lock-out (django-axes) ---------------------------------------------------------------


def test_login_page_locks_out_after_the_failure_limit(client, vic_user, olot_user):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(client, vic_user.username, "wrong").status_code == 200
    locked = login(client, vic_user.username, "wrong")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    # Even the right password is refused while locked out ...
    assert login(client, vic_user.username, PASSWORD).status_code == 429
    assert not is_logged_in(client)
    # ... but another user is not affected.
    assert login(client_for(None), olot_user.username, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(client, vic_user):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        login(client, vic_user.username, "wrong")
    assert login(client, vic_user.username, PASSWORD).status_code == 302
    client.post("/comptes/surt/")
    for _ in range(limit - 1):
        assert login(client, vic_user.username, "wrong").status_code == 200


def token_request(client, username: str, password: str):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_token_endpoint_locks_out_with_problem_json(client, staff_user):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert token_request(client, staff_user.username, "wrong").status_code == 401
    for password in ("wrong", PASSWORD):
        response = token_request(client, staff_user.username, password)
        assert response.status_code == 429
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 429
        assert response["Retry-After"] == "900"  # the cool-off time: 15 minutes
    # The lock-out is shared with the log-in page.
    assert login(client, staff_user.username, PASSWORD).status_code == 429


# --- Django admin -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_django_admin_only_for_administrators(users, who):
    response = client_for(users[who]).get("/admin/")
    if who == "admin":
        assert response.status_code == 200
        assert client_for(users[who]).get("/admin/accounts/user/").status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_staff_role_with_is_staff_flag_is_still_refused(staff_user):
    staff_user.is_staff = True
    staff_user.save()
    client = client_for(staff_user)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/accounts/user/").status_code == 302


def test_admin_login_form_refuses_non_administrators(client, staff_user, admin_user):
    client.post("/admin/login/", {"username": staff_user.username, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    admin_client = client_for(None)
    response = admin_client.post(
        "/admin/login/?next=/admin/", {"username": admin_user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert admin_client.get("/admin/").status_code == 200


def test_createsuperuser_style_superuser_is_an_administrator(client):
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.post("/comptes/entra/", {"username": "root", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
