"""Hooks other apps register to react to this app's events (no Django signals, no lookups
by name).

``on_report_ready(callback)`` registers ``callback(*, job)``, called when a Board report job has
been built (``tasks.build_report_job``). The helpdesk app tells the user who asked for it
(notification "report ready").

Register in ``AppConfig.ready()``. Callbacks run once the job is recorded as done, in
registration order, with keyword arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Callback = Callable[..., Any]

_REPORT_READY: list[Callback] = []


def on_report_ready(callback: Callback) -> Callback:
    """Register ``callback(*, job)``; registering it twice has no effect."""
    if callback not in _REPORT_READY:
        _REPORT_READY.append(callback)
    return callback


def unregister(callback: Callback) -> None:
    """Remove a callback (tests)."""
    if callback in _REPORT_READY:
        _REPORT_READY.remove(callback)


def run_report_ready(**kwargs: Any) -> None:
    for callback in list(_REPORT_READY):
        callback(**kwargs)
