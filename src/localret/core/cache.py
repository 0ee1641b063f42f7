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
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar, cast

from django.core.cache import cache

from . import versions

T = TypeVar("T")
TIMEOUT = 60 * 60 * 6  # seconds; freshness comes from the versions in the key, not from expiry
_PREFIX = "lr1"
_MISSING = object()
LOCAL_ENTRIES = 64
_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()


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
    local: bool = False,
) -> T:
    """``build()``'s value for ``parts``, computed once per version of the domains it reads.

    ``local=True`` keeps the value in this process only (the last :data:`LOCAL_ENTRIES` such
    values), unpickled: for large object graphs such as the plan snapshot, which every process
    computes once per version and reads without the cost of (un)pickling. The caller must not
    change such a value. It is just as correct across processes, since the key holds the
    versions read from the database."""
    cache_key = key(name, reads, parts)
    if local:
        return _cached_locally(cache_key, build)
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(cache_key, value, timeout)
    return cast(T, value)


def _cached_locally(cache_key: str, build: Callable[[], T]) -> T:
    with _local_lock:
        value = _local.get(cache_key, _MISSING)
        if value is not _MISSING:
            _local.move_to_end(cache_key)
            return value  # type: ignore[no-any-return]
    value = build()
    with _local_lock:
        _local[cache_key] = value
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


def clear_local() -> None:
    """Forget the values kept in this process (tests, which reuse version numbers)."""
    with _local_lock:
        _local.clear()
