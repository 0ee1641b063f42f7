"""Hooks other apps register to react to this app's events (no Django signals, no lookups
by name).

``on_follow_up_overdue(callback)`` registers ``callback(*, follow_up, today)``, called when a
follow-up task of an agreement is found overdue (``services.follow_ups_report_overdue``, run
daily). The helpdesk app tells the person responsible (notification "follow-up overdue").

Register in ``AppConfig.ready()``. Callbacks run inside the service's transaction, in
registration order, with keyword arguments; an exception aborts the change (nothing is saved).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Callback = Callable[..., Any]

_FOLLOW_UP_OVERDUE: list[Callback] = []


def on_follow_up_overdue(callback: Callback) -> Callback:
    """Register ``callback(*, follow_up, today)``; registering it twice has no effect."""
    if callback not in _FOLLOW_UP_OVERDUE:
        _FOLLOW_UP_OVERDUE.append(callback)
    return callback


def unregister(callback: Callback) -> None:
    """Remove a callback (tests)."""
    if callback in _FOLLOW_UP_OVERDUE:
        _FOLLOW_UP_OVERDUE.remove(callback)


def run_follow_up_overdue(**kwargs: Any) -> None:
    for callback in list(_FOLLOW_UP_OVERDUE):
        callback(**kwargs)
