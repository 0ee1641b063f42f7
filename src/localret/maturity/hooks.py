"""Hooks other apps register to react to this app's events (no Django signals, no lookups
by name).

``on_assessment_returned(callback)`` registers ``callback(*, assessment, comment, by)``, called
when an assessment is returned to its municipality for changes (``services.assessment_return``).
The helpdesk app tells the municipality's users (notification "assessment returned").

Register in ``AppConfig.ready()``. Callbacks run inside the service's transaction, in
registration order, with keyword arguments; an exception aborts the change (nothing is saved).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Callback = Callable[..., Any]

_ASSESSMENT_RETURNED: list[Callback] = []


def on_assessment_returned(callback: Callback) -> Callback:
    """Register ``callback(*, assessment, comment, by)``; registering it twice has no effect."""
    if callback not in _ASSESSMENT_RETURNED:
        _ASSESSMENT_RETURNED.append(callback)
    return callback


def unregister(callback: Callback) -> None:
    """Remove a callback (tests)."""
    if callback in _ASSESSMENT_RETURNED:
        _ASSESSMENT_RETURNED.remove(callback)


def run_assessment_returned(**kwargs: Any) -> None:
    for callback in list(_ASSESSMENT_RETURNED):
        callback(**kwargs)
