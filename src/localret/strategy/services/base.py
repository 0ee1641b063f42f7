"""Shared pieces of strategy's writes: the error, the audited save and the plan guards."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from localret.core import audit
from localret.core.errors import Invalid

from ..models import ActionLine, Indicator, Initiative, Plan, PlanValue, StrategicObjective


class StrategyError(Invalid):
    """Invalid input or a forbidden transition (``core.errors.Invalid``, kept as strategy's
    name). ``errors``: [{field, message}]; the API answers it as 422 problem+json."""


_RECORDED_AT: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar(
    "strategy_recorded_at", default=None
)


@contextlib.contextmanager
def recorded_at(when: dt.datetime) -> Iterator[None]:
    """Record the writes made inside the block as of ``when`` (an aware datetime) in the audit
    history: for loading past data (the demo's 2020 plan, historical Board agreements) so
    that "as of" views show it at the right dates. Normal use never needs it."""
    token = _RECORDED_AT.set(when)
    try:
        yield
    finally:
        _RECORDED_AT.reset(token)


def _now() -> dt.datetime:
    return _RECORDED_AT.get() or timezone.now()


def _stamp(obj: models.Model, by: Any) -> None:
    audit.stamp(obj, by, when=_RECORDED_AT.get())


def _save(obj: models.Model, by: Any, reason: str = "", exclude: Sequence[str] = ()) -> None:
    """``core.audit.audited_save`` dated by :func:`recorded_at` (validated; refused as
    :class:`StrategyError`)."""
    audit.audited_save(
        obj, by, reason, clean=True, exclude=exclude, when=_RECORDED_AT.get(), error=StrategyError
    )


def _delete(obj: models.Model, by: Any) -> None:
    _stamp(obj, by)
    obj.delete()


def _apply(obj: models.Model, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise StrategyError(
            "Unknown or read-only fields.",
            [{"field": f, "message": "cannot be changed here"} for f in unknown],
        )
    for name, value in fields.items():
        setattr(obj, name, value)


def _plan_of(obj: models.Model) -> Plan:
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, StrategicObjective):
        return obj.plan
    if isinstance(obj, ActionLine):
        return obj.objective.plan
    if isinstance(obj, Initiative):
        return obj.action_line.objective.plan
    if isinstance(obj, Indicator):
        parent = obj.action_line or (obj.initiative.action_line if obj.initiative else None)
        if parent is None:
            raise StrategyError("The indicator is not attached to the plan.")
        return parent.objective.plan
    raise TypeError(obj)


def _require_editable(plan: Plan) -> None:
    if plan.status == Plan.Status.CLOSED:
        raise StrategyError(
            "A closed plan cannot be changed.", [{"field": "plan", "message": "plan is closed"}]
        )


def _set_values(plan: Plan, values: Sequence[Any], by: Any) -> None:
    """Replace the plan's values; ``values`` items are (name, description) or dicts."""
    for old in list(plan.values.all()):
        _delete(old, by)
    for position, item in enumerate(values):
        if isinstance(item, dict):
            name, description = item.get("name", ""), item.get("description", "")
        else:
            name, description = item
        _save(
            PlanValue(plan=plan, name=name, description=description, position=position),
            by,
        )


def _bulk(model: type[models.Model], objs: list[Any], by: Any) -> list[Any]:
    """bulk_create with one history row each, dated like every other write here."""
    if not objs:
        return []
    created = bulk_create_with_history(objs, model, default_user=by, default_date=_now())
    return list(created)


def _closed_plan(indicator: Indicator) -> bool:
    try:
        return _plan_of(indicator).status == Plan.Status.CLOSED
    except StrategyError:
        return False
