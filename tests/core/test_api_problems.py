"""Every error under /api/ is application/problem+json, also unknown paths, wrong methods and
server errors that django-ninja and Django would answer with HTML."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from localret.api import server_error

from ..conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, title: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] == title
    assert body["type"] == "about:blank" and body["errors"] == []
    return body


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing", "/api/v2/municipalities", "/api/v1/municipalities/080193/x", "/api/"],
)
def test_unknown_paths_are_404_problems(client, method, path):
    body = assert_problem(getattr(client, method)(path), 404, "Not found")
    assert path in body["detail"]


def test_a_known_path_with_a_trailing_slash_is_404_with_a_hint(client):
    body = assert_problem(client.get("/api/v1/municipalities/080193/"), 404, "Not found")
    assert "Did you mean /api/v1/municipalities/080193 " in body["detail"]
    assert client.get("/api/v1/municipalities/080193").status_code == 200
    # No hint for a path that does not exist either way.
    assert "Did you mean" not in client.get("/api/v1/nothing/").json()["detail"]


def test_unknown_paths_are_404_even_for_a_session_without_csrf(vic_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vic_user)
    assert_problem(client.post("/api/v1/nothing", {}), 404, "Not found")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("post", "/api/v1/municipalities", "GET"),
        ("delete", "/api/v1/municipalities/080193", "GET"),
        ("put", "/api/v1/auth/token", "DELETE, POST"),
        ("get", "/api/v1/auth/token", "DELETE, POST"),
        ("options", "/api/v1/municipalities", "GET"),
    ],
)
def test_wrong_methods_are_405_problems_with_allow(method, path, allow):
    response = getattr(client_for(None), method)(path)
    body = assert_problem(response, 405, "Method not allowed")
    assert response["Allow"] == allow
    assert allow in body["detail"]


def test_right_methods_still_answer_as_before(client, vic_user):
    response = client.get("/api/v1/municipalities/080193")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    response = client.post(
        "/api/v1/auth/token",
        {"username": vic_user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200 and "token" in response.json()
    assert client.get("/api/openapi.json").status_code == 200
    docs = client.get("/api/docs")  # the interactive documentation is a page
    assert docs.status_code == 200 and docs["Content-Type"].startswith("text/html")


def test_server_errors_under_the_api_are_500_problems(vic_user, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("localret.accounts.api.token_issue", broken)
    client = Client(raise_request_exception=False)
    response = client.post(
        "/api/v1/auth/token",
        {"username": vic_user.username, "password": PASSWORD},
        content_type="application/json",
    )
    body = assert_problem(response, 500, "Server error")
    assert "boom" not in body["detail"]  # nothing of the error's inside is told


def test_server_errors_elsewhere_are_the_html_page():
    response = server_error(RequestFactory().get("/municipis/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
