"""The provider of the last Board meeting before a date (no Django signals, no lookups by name).

"What changed since the last Board meeting" starts there, but the Board's meetings live in the
governance app, above strategy in the layers: governance registers the provider in its
``ready()`` (``provide_last_board_meeting``, through ``strategy.interface``). This is a query,
not an event; the plan's events (approved, closed) are declared in ``core.hooks``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

_LAST_BOARD_MEETING: list[Callable[[dt.date], dt.date | None]] = []


def provide_last_board_meeting(provider: Callable[[dt.date], dt.date | None]) -> None:
    """Register ``provider(before) -> date | None``: the last Board meeting strictly before
    ``before``. One provider; registering another replaces it."""
    _LAST_BOARD_MEETING[:] = [provider]


def last_board_meeting(before: dt.date) -> dt.date | None:
    """The last Board meeting before ``before``, or None (no provider, or no meeting)."""
    return _LAST_BOARD_MEETING[0](before) if _LAST_BOARD_MEETING else None
