"""The one cache of the platform: values keyed by the data versions they read.

A cached value names the domains it reads (``reads=("strategy",)``) and whatever else it depends
on (``parts``: the plan, the date, the language, the viewer's flags...). Its key holds the
current version of every domain read (core/versions.py), so a write to any of them, by any
process, makes the next request compute a new value; old entries are never read again and age
out. The backend is Django's cache (per process by default, Redis in production): nothing else
is needed for correctness across processes, because the versions are read from the database.

What may be cached: values that depend only on the data and on ``parts`` (a plan snapshot,
aggregates of a public page, a rendered fragment, an API body). Never a whole page: the page
around a fragment holds the visitor's CSRF token and name, and is rendered on every request.

Values computed inside a transaction are keyed by the versions that transaction sees: its own
bumps carry a fresh nonce, so if it rolls back nothing it stored is ever read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.core.cache import cache

from . import versions

T = TypeVar("T")
TIMEOUT = 60 * 60 * 6  # seconds; freshness comes from the versions in the key, not from expiry
_PREFIX = "lr1"
_MISSING = object()


def key(name: str, reads: Iterable[str], parts: Hashable = ()) -> str:
    """The cache key of ``name`` for ``parts`` under the current versions of ``reads``."""
    material = repr((versions.current(reads), parts))
    digest = hashlib.blake2b(material.encode(), digest_size=16).hexdigest()
    return f"{_PREFIX}:{name}:{digest}"


def cached(
    name: str,
    *,
    reads: Iterable[str],
    build: Callable[[], T],
    parts: Hashable = (),
    timeout: int = TIMEOUT,
) -> T:
    """``build()``'s value for ``parts``, computed once per version of the domains it reads."""
    cache_key = key(name, reads, parts)
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(cache_key, value, timeout)
    return value  # type: ignore[return-value]
