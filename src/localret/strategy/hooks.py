"""Hooks other apps register to react to the plan's life cycle (no Django signals).

The participation app, for instance, freezes a version of the plan when it is approved::

    from localret.strategy.hooks import on_plan_approved

    def freeze_version(plan, by, agreement_ref):  # called inside plan_approve's transaction
        ...

    on_plan_approved(freeze_version)   # in AppConfig.ready()

Callbacks run inside the service's transaction, in registration order, with keyword arguments
``plan``, ``by`` and ``agreement_ref``; an exception aborts the approval (nothing is saved).

The governance app also tells the plan when the Board last met, so that "what changed since the
last Board meeting" starts there (``provide_last_board_meeting`` in its ``ready()``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

PlanCallback = Callable[..., Any]

_APPROVED: list[PlanCallback] = []
_CLOSED: list[PlanCallback] = []
_LAST_BOARD_MEETING: list[Callable[[dt.date], dt.date | None]] = []


def on_plan_approved(callback: PlanCallback) -> PlanCallback:
    """Register ``callback(*, plan, by, agreement_ref)``, called by ``plan_approve``.

    Registering the same callback twice has no effect. Returns the callback (usable as a
    decorator).
    """
    if callback not in _APPROVED:
        _APPROVED.append(callback)
    return callback


def on_plan_closed(callback: PlanCallback) -> PlanCallback:
    """Register ``callback(*, plan, by, agreement_ref)``, called by ``plan_close``."""
    if callback not in _CLOSED:
        _CLOSED.append(callback)
    return callback


def unregister(callback: PlanCallback) -> None:
    """Remove a callback (tests)."""
    for registry in (_APPROVED, _CLOSED):
        if callback in registry:
            registry.remove(callback)


def run_plan_approved(**kwargs: Any) -> None:
    for callback in list(_APPROVED):
        callback(**kwargs)


def run_plan_closed(**kwargs: Any) -> None:
    for callback in list(_CLOSED):
        callback(**kwargs)


def provide_last_board_meeting(provider: Callable[[dt.date], dt.date | None]) -> None:
    """Register ``provider(before) -> date | None``: the last Board meeting strictly before
    ``before``. One provider; registering another replaces it."""
    _LAST_BOARD_MEETING[:] = [provider]


def last_board_meeting(before: dt.date) -> dt.date | None:
    """The last Board meeting before ``before``, or None (no provider, or no meeting)."""
    return _LAST_BOARD_MEETING[0](before) if _LAST_BOARD_MEETING else None
