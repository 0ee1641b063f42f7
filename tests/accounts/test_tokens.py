"""API tokens: stored hashed, refused for inactive users, session auth refuses them too."""

from __future__ import annotations

import pytest

from localret.accounts.models import ApiToken, hash_token
from localret.accounts.services import token_create, user_for_token

from ..conftest import PASSWORD, VIC, client_for

pytestmark = pytest.mark.django_db

PROFILE = f"/api/v1/municipalities/{VIC}/profile"


def test_only_the_hash_is_stored_and_the_raw_value_authenticates(staff_user):
    raw = token_create(user=staff_user, name="script")
    token = ApiToken.objects.get(user=staff_user)
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.prefix == raw[:8]
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    assert user_for_token(raw) == staff_user
    assert user_for_token(token.key_hash) is None  # the stored hash is not a credential


def test_token_use_is_recorded(client, staff_user):
    raw = token_create(user=staff_user)
    assert ApiToken.objects.get(user=staff_user).last_used_at is None
    client.get(PROFILE, headers={"Authorization": f"Bearer {raw}"})
    assert ApiToken.objects.get(user=staff_user).last_used_at is not None


def test_inactive_users_token_is_refused(client, vic_user):
    raw = token_create(user=vic_user)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(PROFILE, headers=headers).status_code == 200
    vic_user.is_active = False
    vic_user.save()
    response = client.get(PROFILE, headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    # A public endpoint treats the token as anonymous, not as the user.
    assert client.get("/api/v1/municipalities/080193", headers=headers).status_code == 200


def test_inactive_user_gets_no_token(client, vic_user):
    vic_user.is_active = False
    vic_user.save()
    response = client.post(
        "/api/v1/auth/token",
        {"username": vic_user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not ApiToken.objects.filter(user=vic_user).exists()


def test_session_of_an_inactive_user_is_refused_by_the_api(vic_user):
    client = client_for(vic_user)
    assert client.get(PROFILE).status_code == 200
    vic_user.is_active = False
    vic_user.save()
    assert client.get(PROFILE).status_code == 401


def test_malformed_authorization_headers_are_401(client):
    for header in ("Bearer", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500):
        response = client.get(PROFILE, headers={"Authorization": header})
        assert response.status_code == 401, header


def test_token_request_with_missing_fields_is_422(client):
    response = client.post("/api/v1/auth/token", {"username": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"
