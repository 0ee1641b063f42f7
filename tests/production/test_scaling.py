"""Two app processes against one PostgreSQL and one Redis (the shared cache): a change made
through one is seen by the next request to the other, at the HTTP level (whatever the cache
design behind it)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from .conftest import SECRET, base_env, free_port, needs_redis, own_databases, redis_url
from .servers import gunicorn, start, stop, wait_for

PLAN = "pla-estrategic-2024-2027"

pytestmark = own_databases


def call(method: str, url: str, token: str | None = None, body: dict | None = None) -> dict:
    request = urllib.request.Request(url, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, data=data, timeout=60) as response:
        return json.loads(response.read())


@needs_redis
def test_a_change_through_one_app_server_is_seen_by_the_next_request_to_the_other(
    pg_demo: str, tmp_path: Path
) -> None:
    import redis

    env = base_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="localret.settings.production",
        DATABASE_URL=pg_demo,
        REDIS_URL=redis_url(),
        SECRET_KEY=SECRET,
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    ports = free_port(), free_port()
    servers = [start(gunicorn(p), env, tmp_path / f"server-{p}.log") for p in ports]
    try:
        a, b = (f"http://127.0.0.1:{p}" for p in ports)
        wait_for(f"{a}/health/ready")
        wait_for(f"{b}/health/ready")
        token = call(
            "POST",
            f"{a}/api/v1/auth/token",
            body={"username": "tecnic", "password": "localret-demo"},
        )["token"]
        before = call("GET", f"{b}/api/v1/plans/{PLAN}")
        assert call("GET", f"{b}/api/v1/plans/{PLAN}") == before  # now served from the cache
        keys = redis.Redis.from_url(redis_url()).keys("localret:*")
        assert keys, "the app servers do not use Redis as their cache"

        call("PATCH", f"{a}/api/v1/plans/{PLAN}", token, {"name": "Pla canviat pel servidor A"})

        assert call("GET", f"{b}/api/v1/plans/{PLAN}")["name"] == "Pla canviat pel servidor A"
        assert call("GET", f"{a}/api/v1/plans/{PLAN}")["name"] == "Pla canviat pel servidor A"
    finally:
        for server in servers:
            stop(server)
