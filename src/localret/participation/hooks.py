"""Hooks other apps register to react to this app's events (no Django signals, no lookups
by name).

``on_proposal_answered(callback)`` registers ``callback(*, proposal, by)``, called when a
participation proposal is accepted or rejected with its public answer
(``services.proposal_decide``). The helpdesk app tells the proposal's author (notification
"proposal answered").

Register in ``AppConfig.ready()``. Callbacks run inside the service's transaction, in
registration order, with keyword arguments; an exception aborts the change (nothing is saved).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Callback = Callable[..., Any]

_PROPOSAL_ANSWERED: list[Callback] = []


def on_proposal_answered(callback: Callback) -> Callback:
    """Register ``callback(*, proposal, by)``; registering it twice has no effect."""
    if callback not in _PROPOSAL_ANSWERED:
        _PROPOSAL_ANSWERED.append(callback)
    return callback


def unregister(callback: Callback) -> None:
    """Remove a callback (tests)."""
    if callback in _PROPOSAL_ANSWERED:
        _PROPOSAL_ANSWERED.remove(callback)


def run_proposal_answered(**kwargs: Any) -> None:
    for callback in list(_PROPOSAL_ANSWERED):
        callback(**kwargs)
