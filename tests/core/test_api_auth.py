"""Every write endpoint of the API, called as a real client would (CSRF checks enforced, as
curl or a browser meets them): no credentials or a wrong Bearer token is 401, never a CSRF
403; a logged-in session without the CSRF token is refused 403; a valid token needs no CSRF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import VIC, bearer

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
WRITES = [
    (method, path)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
    if method in ("post", "put", "patch", "delete") and operation.get("security")
]


def concrete(path: str) -> str:
    """The path with every parameter filled (auth is checked before the parameters)."""
    return re.sub(r"\{[^}]+\}", "1", path)


def call(client: Client, method: str, path: str, **headers: str):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        concrete(path), data="{}", content_type="application/json", headers=headers
    )


def test_the_schema_lists_the_write_endpoints():
    assert len(WRITES) >= 40
    assert ("patch", "/api/v1/municipalities/{code}/profile") in WRITES
    assert ("post", "/api/v1/indicators") in WRITES


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_writes_without_credentials_are_401(method: str, path: str):
    client = Client(enforce_csrf_checks=True)
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        response = call(client, method, path, **headers)
        assert response.status_code == 401, (method, path, headers, response.content)
        assert response["Content-Type"].startswith("application/problem+json")


def test_a_session_without_the_csrf_token_is_refused(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = client.patch(
        f"/api/v1/municipalities/{VIC}/profile",
        data=json.dumps({"notes": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_bearer_token_needs_no_csrf_token(vic_user):
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        f"/api/v1/municipalities/{VIC}/profile",
        data=json.dumps({"contacts": [], "notes": "Per token."}),
        content_type="application/json",
        headers=bearer(vic_user),
    )
    assert response.status_code == 200, response.content
    assert response.json()["notes"] == "Per token."


# --- permission before the body (issue 13, finding 7) --------------------------------------

# Write operations a municipal user may call (on their own municipality, or their own account):
# for these the body is validated and a malformed one is 4xx other than 403.
MUNICIPAL_MAY_WRITE: set[tuple[str, str]] = {
    ("delete", "/api/v1/auth/token"),  # their own token
    ("post", "/api/v1/innovation/ideas"),  # an idea for their own municipality
    # The help desk: a town hall opens requests and writes on its own requests (the service
    # refuses another municipality's with 403 or 404 once the body is valid).
    ("post", "/api/v1/requests"),
    ("post", "/api/v1/requests/{request_id}/messages"),
    ("post", "/api/v1/requests/{request_id}/attachments"),
    ("post", "/api/v1/requests/{request_id}/survey"),
}

MALFORMED = [
    ("not json", "application/json"),
    ('{"unexpected": [1, 2, 3]}', "application/json"),
]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_municipal_user_is_refused_before_the_body_is_read(vic_user, method: str, path: str):
    if (method, path) in MUNICIPAL_MAY_WRITE:
        pytest.skip("a municipal user may call this operation")
    client = Client(headers=bearer(vic_user))
    for body, content_type in MALFORMED:
        response = getattr(client, method)(concrete(path), data=body, content_type=content_type)
        assert response.status_code == 403, (method, path, response.status_code, response.content)
