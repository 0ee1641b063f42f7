"""Cache of the plan overview page fragment and of the ``GET /plans/{slug}`` body.

Entries are keyed by (plan id, as-of date, live or not, a data fingerprint and, for HTML, the
language and the viewer's role-dependent flags). The fingerprint is read from the database on
every request (one query), so a per-process cache (LocMem) stays correct across processes:

- every strategy model keeps an audit history (django-simple-history); any save or delete through
  the ORM, from the services, the API or the Django admin, adds a historical row whose
  ``history_id`` is higher than any before (ids are never reused: AUTOINCREMENT on SQLite,
  sequences on PostgreSQL), so the highest ``history_id`` of each historical table moves. The
  history date is not enough, because services may record a change at a past date
  (``recorded_at``); row counts would be, but ``COUNT(*)`` scans the table on every request;
- the highest ``Measurement`` id also catches rows created without history (bulk creation,
  computed-indicator snapshots).

Each maximum is read from a primary-key index: the query costs a few microseconds whatever the
size of the tables. Writes that bypass the ORM's signals (``QuerySet.update()`` or raw SQL on a
strategy table) are not seen; the services never do that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

from .models import (
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Plan,
    PlanValue,
    StrategicObjective,
)

T = TypeVar("T")
TIMEOUT = 60 * 60  # entries of a stale fingerprint are never read again; let them expire
_HISTORIED = (
    Plan,
    PlanValue,
    StrategicObjective,
    ActionLine,
    Initiative,
    Indicator,
    Milestone,
    Measurement,
)
_SQL: str | None = None


def _sql() -> str:
    global _SQL
    if _SQL is None:
        q = connection.ops.quote_name
        parts = [
            f"(SELECT MAX({q('history_id')}) FROM {q(model.history.model._meta.db_table)})"  # type: ignore[attr-defined]
            for model in _HISTORIED
        ]
        parts.append(f"(SELECT MAX({q('id')}) FROM {q(Measurement._meta.db_table)})")
        _SQL = "SELECT " + ", ".join(parts)
    return _SQL


def fingerprint() -> str:
    """A digest of the state of every table the plan tree depends on. One SQL query."""
    with connection.cursor() as cursor:
        cursor.execute(_sql())
        rows = cursor.fetchall()
    return hashlib.blake2b(repr(rows).encode(), digest_size=12).hexdigest()


def make_key(kind: str, *parts: Any) -> str:
    """The cache key of ``parts`` under the current data fingerprint (one SQL query)."""
    return "strategy:" + ":".join(str(p) for p in (kind, *parts, fingerprint()))


def cached(
    kind: str, plan: Plan, as_of: dt.date, live: bool, build: Callable[[], T], *vary: Any
) -> T:
    """``build()``'s result for this plan, date and variant, recomputed when the data change."""
    key = make_key(kind, plan.pk, as_of.isoformat(), int(live), *vary)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
