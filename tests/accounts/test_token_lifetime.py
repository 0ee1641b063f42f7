"""API tokens end: on a password change or reset, when revoked, and when they expire."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from localret.accounts.models import ApiToken, hash_token
from localret.accounts.services import token_create, token_issue, user_for_token

from ..conftest import PASSWORD, VIC, client_for

pytestmark = pytest.mark.django_db

PROFILE = f"/api/v1/municipalities/{VIC}/profile"
NEW_PASSWORD = "an0ther-Long-passphrase"


def works(raw: str) -> bool:
    """The token alone (a client with no session) authenticates (200, else 401)."""
    status = client_for(None).get(PROFILE, headers={"Authorization": f"Bearer {raw}"}).status_code
    assert status in (200, 401), status
    return status == 200


def obtain(client, username: str, password: str):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


# --- password change and reset ------------------------------------------------------------


def test_password_change_revokes_every_token_of_the_user_only(vic_user, staff_user):
    first, second = token_create(user=vic_user), token_create(user=vic_user)
    others = token_create(user=staff_user)
    client = client_for(vic_user)
    assert works(first) and works(second)
    response = client.post(
        "/comptes/contrasenya/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not works(first) and not works(second)
    assert not ApiToken.objects.filter(user=vic_user).exists()
    assert works(others)
    # A new token is issued for the new password, and it works.
    assert obtain(client, vic_user.username, PASSWORD).status_code == 401
    response = obtain(client, vic_user.username, NEW_PASSWORD)
    assert response.status_code == 200
    assert works(response.json()["token"])


def test_a_refused_password_change_keeps_the_tokens(vic_user):
    raw = token_create(user=vic_user)
    client = client_for(vic_user)
    response = client.post(
        "/comptes/contrasenya/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200  # the form again, with its error
    assert works(raw)


def test_password_reset_revokes_every_token_of_the_user(client, vic_user):
    raw = token_create(user=vic_user)
    client.post("/comptes/recupera/", {"email": vic_user.email})
    assert works(raw)  # asking for a reset changes nothing yet
    link = re.search(r"http://testserver(/comptes/recupera/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)
    assert link
    set_password_url = client.get(link.group(1))["Location"]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/comptes/recupera/fet/"
    assert not works(raw)
    assert not ApiToken.objects.filter(user=vic_user).exists()


def test_a_password_set_by_an_administrator_revokes_the_users_tokens(admin_user, vic_user):
    raw = token_create(user=vic_user)
    admin_client = client_for(admin_user)
    url = f"/admin/accounts/user/{vic_user.pk}/password/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302
    vic_user.refresh_from_db()
    assert vic_user.check_password(NEW_PASSWORD)
    assert not works(raw)


# --- DELETE /api/v1/auth/token ------------------------------------------------------------


def test_delete_revokes_the_token_presented_and_no_other(client, vic_user):
    presented, other = token_create(user=vic_user), token_create(user=vic_user)
    headers = {"Authorization": f"Bearer {presented}"}
    response = client.delete("/api/v1/auth/token", headers=headers)
    assert response.status_code == 204
    assert response.content == b""
    assert not ApiToken.objects.filter(key_hash=hash_token(presented)).exists()
    assert not works(presented)
    assert works(other)
    # The revoked token cannot revoke again.
    again = client.delete("/api/v1/auth/token", headers=headers)
    assert again.status_code == 401
    assert again["Content-Type"] == "application/problem+json"


def test_delete_needs_a_bearer_token(vic_user):
    token_create(user=vic_user)
    for client, headers in (
        (client_for(None), {}),
        (client_for(None), {"Authorization": "Bearer nope"}),
        (client_for(vic_user), {}),  # a session is not a token to revoke
    ):
        response = client.delete("/api/v1/auth/token", headers=headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 401
    assert ApiToken.objects.filter(user=vic_user).count() == 1


# --- expiry -------------------------------------------------------------------------------


def test_token_endpoint_answers_when_the_token_expires(client, vic_user):
    before = timezone.now()
    response = obtain(client, vic_user.username, PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    expires_at = dt.datetime.fromisoformat(body["expires_at"])
    assert expires_at.tzinfo is not None
    assert before + dt.timedelta(days=90) - dt.timedelta(seconds=1) <= expires_at
    assert expires_at <= timezone.now() + dt.timedelta(days=90)
    stored = ApiToken.objects.get(key_hash=hash_token(body["token"]))
    assert abs(stored.expires_at - expires_at) < dt.timedelta(milliseconds=1)


def test_token_lifetime_follows_the_setting(client, vic_user, settings):
    settings.LOCALRET_TOKEN_DAYS = 7
    body = obtain(client, vic_user.username, PASSWORD).json()
    expires_at = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=6, hours=23) < expires_at - timezone.now() <= dt.timedelta(days=7)


def test_an_expired_token_answers_401_and_is_removed(client, vic_user):
    raw = token_create(user=vic_user)
    assert works(raw)
    ApiToken.objects.filter(user=vic_user).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(PROFILE, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert not ApiToken.objects.filter(user=vic_user).exists()


def test_an_expired_token_is_anonymous_on_public_endpoints(client, staff_user):
    raw = token_create(user=staff_user)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(
        f"/api/v1/municipalities/{VIC}", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200  # public, answered as to anyone
    assert user_for_token(raw) is None
    assert not ApiToken.objects.exists()


def test_a_token_about_to_expire_still_works(vic_user):
    raw = token_create(user=vic_user)
    ApiToken.objects.update(expires_at=timezone.now() + dt.timedelta(minutes=1))
    assert works(raw)


def test_issuing_a_token_removes_the_users_expired_ones(vic_user, staff_user):
    old = token_create(user=vic_user)
    others = token_create(user=staff_user)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))
    issued = token_issue(user=vic_user, name="new")
    assert list(ApiToken.objects.filter(user=vic_user).values_list("name", flat=True)) == ["new"]
    assert not ApiToken.objects.filter(key_hash=hash_token(old)).exists()
    assert ApiToken.objects.filter(key_hash=hash_token(others)).exists()  # not the user's
    assert issued.expires_at > timezone.now()
