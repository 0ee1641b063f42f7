"""Health probes: /health/live answers 200; /health/ready 200 when the database and the cache
answer and every migration is applied, 503 problem+json naming what fails otherwise."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from localret.core import health


@pytest.fixture(autouse=True)
def _forget_migrated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrated", False)


def test_live_answers_200_without_touching_the_database(client: Client) -> None:
    # No django_db mark: any query would raise.
    response = client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "live"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_answers_200_when_database_cache_and_migrations_are_in_order(client: Client) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"] == {"database": "ok", "migrations": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_ready_answers_503_problem_json_with_an_unapplied_migration(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "unapplied_migrations", lambda: ["strategy.0099_future"])

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 503 and body["title"] == "Not ready"
    assert body["errors"] == [{"field": "migrations", "message": "1 unapplied migration(s)"}]
    assert "strategy.0099_future" not in response.content.decode()  # details: in the log only


@pytest.mark.django_db
def test_ready_answers_503_when_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    response = client.get("/health/ready")

    assert response.status_code == 503
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["database", "migrations"]
    assert response.json()["errors"][0]["message"] == "database not reachable (OperationalError)"
    assert "connection refused" not in response.content.decode()


@pytest.mark.django_db
def test_ready_answers_503_when_the_cache_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "set", refuse)

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["errors"] == [
        {"field": "cache", "message": "cache not reachable (ConnectionError)"}
    ]
