"""Cache of the public register (API bodies, the list page's table fragment and filter options).

The register is public and the same for everyone, so what is cached here never depends on the
user: only on the query, the language (for HTML) and the register's *fingerprint*. The
fingerprint is read from the database on every request in one cheap query: the number and the
highest id and ``updated_at`` of municipalities, comarques, vegueries and provinces. Every
``save()`` (importer, admin, services) bumps ``updated_at`` (``auto_now``), and creating or
deleting a row changes the counts, so any change made by any process gives a new key and the
old entries are never read again (they age out of the cache). Nothing user-specific is stored
here; the whole list page is cached by ``core/pagecache.py``, which keeps the visitor's CSRF
token and name out of what it stores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from .models import Comarca, Municipality, Province, Vegueria

T = TypeVar("T")

TIMEOUT = 60 * 60  # seconds; correctness comes from the fingerprint, not from expiry
_PREFIX = "territory:v1"


def _fingerprint_sql() -> str:
    parts = []
    for model in (Municipality, Comarca, Vegueria, Province):
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
        updated = connection.ops.quote_name(model._meta.get_field("updated_at").column)  # type: ignore[union-attr]
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({pk}) FROM {table})")
        parts.append(f"(SELECT MAX({updated}) FROM {table})")
    return "SELECT " + ", ".join(parts)


def register_fingerprint() -> str:
    """A short string that changes whenever the register changes (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        row = cursor.fetchone()
    return hashlib.blake2b(repr(row).encode(), digest_size=12).hexdigest()


def key(kind: str, fingerprint: str, *parts: object) -> str:
    """A cache key for ``kind`` (e.g. "api-list") and its normalised query ``parts``."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{_PREFIX}:{kind}:{fingerprint}:{digest}"


def fetch(cache_key: str) -> bytes | None:
    value = cache.get(cache_key)
    return value if isinstance(value, bytes) else None


def store(cache_key: str, value: bytes) -> None:
    cache.set(cache_key, value, TIMEOUT)


def get_or_build(cache_key: str, build: Callable[[], T]) -> T:
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, TIMEOUT)
    return value
