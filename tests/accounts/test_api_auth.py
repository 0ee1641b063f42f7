import pytest

from localret.accounts.models import ApiToken

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_is_returned_for_right_credentials_and_stored_hashed(client, staff_user):
    response = client.post(
        "/api/v1/auth/token",
        {"username": staff_user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    raw = response.json()["token"]
    token = ApiToken.objects.get(user=staff_user)
    assert raw not in (token.key_hash, token.prefix + token.key_hash)
    assert len(token.key_hash) == 64
    me = client.get(
        "/api/v1/municipalities/080193/profile", headers={"Authorization": f"Bearer {raw}"}
    )
    assert me.status_code == 200


def test_wrong_credentials_are_401_problem_json(client, staff_user):
    response = client.post(
        "/api/v1/auth/token",
        {"username": staff_user.username, "password": "wrong"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_unknown_token_is_401(client):
    response = client.get(
        "/api/v1/municipalities/080193/profile", headers={"Authorization": "Bearer nope"}
    )
    assert response.status_code == 401
