"""Health probes: ``/health`` (trivial view, the benchmarks' baseline), ``/health/live``
(the process answers) and ``/health/ready`` (the database answers, the cache answers and every
migration is applied; 503 problem+json otherwise). All three are exempt from the HTTPS redirect
in production settings, so a load balancer or systemd can probe the backend directly.

Machine-facing: the answers are locale-free JSON, like the API."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from .api import problem_response

logger = logging.getLogger(__name__)
# Once every migration is applied, this process's code has nothing more to apply: the check
# (which loads the migration graph, ~0.1 s) is not repeated. Until then it runs on every probe.
_migrated = False


def _check_database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not reachable"
        return f"database not reachable: {type(exc).__name__}: {exc}".strip()
    return None


def _check_cache() -> str | None:
    key = f"health:ready:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:
        return f"cache not reachable: {type(exc).__name__}: {exc}".strip()
    if value != "1":
        return "cache not reachable: a value written could not be read back"
    return None


def unapplied_migrations() -> list[str]:
    """``app_label.migration_name`` of every migration of the code not applied to the database."""
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [f"{m.app_label}.{m.name}" for m, _backwards in executor.migration_plan(targets)]


def _check_migrations() -> str | None:
    global _migrated
    if _migrated:
        return None
    try:
        pending = unapplied_migrations()
    except Exception as exc:
        return f"migrations could not be read: {type(exc).__name__}: {exc}".strip()
    if pending:
        shown = ", ".join(pending[:5]) + (" ..." if len(pending) > 5 else "")
        return f"{len(pending)} unapplied migration(s): {shown}"
    _migrated = True
    return None


def readiness() -> dict[str, Any]:
    """``{"ready": bool, "checks": {name: "ok" | problem}, "errors": [{field, message}]}``."""
    checks: dict[str, str] = {}
    errors: list[dict[str, Any]] = []
    database = _check_database()
    checks["database"] = database or "ok"
    # Migrations are read from the database: pointless when it does not answer.
    migrations = _check_migrations() if database is None else "not checked: no database"
    checks["migrations"] = migrations or "ok"
    cache_problem = _check_cache()
    checks["cache"] = cache_problem or "ok"
    for name in ("database", "migrations", "cache"):
        if checks[name] != "ok":
            errors.append({"field": name, "message": checks[name]})
    return {"ready": not errors, "checks": checks, "errors": errors}


def _public(message: str) -> str:
    """``what: ErrorType: details`` -> ``what (ErrorType)``; ``what: details`` -> ``what``."""
    what, _, rest = message.partition(": ")
    kind = rest.partition(": ")[0]
    return f"{what} ({kind})" if kind.isidentifier() and kind[:1].isupper() else what


@never_cache
def live(request: HttpRequest) -> HttpResponse:
    """Public: the process is up and answers (touches neither the database nor the cache)."""
    return JsonResponse({"status": "live"})


@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    """Public: 200 when the database and the cache answer and every migration is applied;
    503 problem+json naming each failing check otherwise."""
    started = time.perf_counter()
    state = readiness()
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    if state["ready"]:
        return JsonResponse({"status": "ready", "checks": state["checks"], "ms": elapsed_ms})
    # The public answer names each failing check and the kind of error; the details (a host
    # and port, migration names, the driver's message) go to the log only.
    logger.warning("not ready: %s", "; ".join(e["message"] for e in state["errors"]))
    errors = [{"field": e["field"], "message": _public(e["message"])} for e in state["errors"]]
    response = problem_response(
        503, "Not ready", "; ".join(e["message"] for e in errors), errors=errors
    )
    response["Retry-After"] = "5"
    return response
