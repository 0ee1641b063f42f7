"""Logs as JSON lines: request id, user id (never the name), path, status, duration; an error
carries its stack trace once."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.conf import settings
from django.test import Client, override_settings

from localret.core.requestlog import JsonFormatter, RequestContextFilter


@pytest.fixture
def log_lines():  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    lines: list[dict] = []

    def read() -> list[dict]:
        lines[:] = [json.loads(line) for line in stream.getvalue().splitlines() if line]
        return lines

    with override_settings(
        MIDDLEWARE=["localret.core.requestlog.RequestLogMiddleware", *settings.MIDDLEWARE]
    ):
        yield read
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_id_user_id_path_status_and_duration(
    log_lines, staff_user
) -> None:
    client = Client()
    client.force_login(staff_user)

    response = client.get("/health/live?q=personal", HTTP_X_REQUEST_ID="proxy-given-id-123")

    assert response["X-Request-ID"] == "proxy-given-id-123"
    [line] = [x for x in log_lines() if x["logger"] == "localret.request"]
    assert line["request_id"] == "proxy-given-id-123"
    assert line["user_id"] == staff_user.pk
    assert line["path"] == "/health/live" and "personal" not in json.dumps(line)
    assert line["status"] == 200 and line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)
    assert staff_user.username not in json.dumps(line)


@pytest.mark.django_db
def test_a_request_without_an_id_gets_one_and_anonymous_users_have_none(log_lines) -> None:
    response = Client().get("/health/live", HTTP_X_REQUEST_ID="bad id with spaces")

    [line] = [x for x in log_lines() if x["logger"] == "localret.request"]
    assert line["request_id"] == response["X-Request-ID"] != "bad id with spaces"
    assert len(line["request_id"]) == 32 and line["user_id"] is None


@pytest.mark.django_db
def test_an_error_is_logged_with_its_stack_trace_once(log_lines, monkeypatch) -> None:
    from localret.core import health

    def broken(request):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom in the view")

    monkeypatch.setattr(health, "readiness", lambda: broken(None))
    client = Client(raise_request_exception=False)

    response = client.get("/health/ready")

    assert response.status_code == 500
    lines = log_lines()
    traced = [x for x in lines if "exc_info" in x]
    assert len(traced) == 1
    assert "RuntimeError: boom in the view" in traced[0]["exc_info"]
    assert traced[0]["request_id"] == response["X-Request-ID"]
    [request_line] = [x for x in lines if x["logger"] == "localret.request"]
    assert request_line["status"] == 500 and request_line["level"] == "ERROR"
    assert "exc_info" not in request_line


@pytest.mark.django_db
def test_djangos_own_line_of_an_error_answer_carries_the_request_id(log_lines, monkeypatch) -> None:
    """Django logs a 503 ("django.request") after the middleware has returned: the line still
    names the request it belongs to."""
    from localret.core import health

    monkeypatch.setattr(health, "unapplied_migrations", lambda: ["strategy.0099_future"])
    monkeypatch.setattr(health, "_migrated", False)

    response = Client().get("/health/ready", HTTP_X_REQUEST_ID="probe-id-0001")

    assert response.status_code == 503
    django_lines = [x for x in log_lines() if x["logger"] == "django.request"]
    assert django_lines and all(x["request_id"] == "probe-id-0001" for x in django_lines)
