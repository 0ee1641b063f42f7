"""Reading and writing a plan's structure as snapshot elements.

:func:`plan_snapshot` reads the plan (objectives, action lines, initiatives, indicators, values)
in a fixed number of queries and returns a snapshot (see :mod:`.diffing`) whose elements carry
stable keys: ``plan``, ``value:<name>``, ``objective:<code>``, ``action_line:<code>``,
``initiative:<code>``, ``indicator:<code>``.

:func:`apply_to_plan` writes the changes of an accepted proposal to the plan's draft structure
(each save recorded in the audit history with the deciding user). It is the only place where
this app writes strategy models; it should move to strategy's services once they offer
element-level writes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from . import diffing

PLAN_FIELDS = ("name", "mission", "vision", "period_start", "period_end")
OBJECTIVE_FIELDS = ("code", "name", "description", "weight")
ACTION_LINE_FIELDS = ("code", "name", "description", "weight")
INITIATIVE_FIELDS = (
    "code",
    "name",
    "description",
    "owner",
    "start_date",
    "end_date",
    "budget_planned",
    "weight",
)
# An indicator's fields a version keeps: strategy's declared list without the internal ones
# (plausibility range, accumulation, aggregation, computed source).
INTERNAL_INDICATOR_FIELDS = frozenset(
    {"plausible_low", "plausible_high", "cumulative", "aggregation", "computed_key"}
)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        normal = value.normalize()
        return format(normal, "f") if normal == normal.to_integral() else str(normal)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _fields(obj: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: _json(getattr(obj, n)) for n in names if hasattr(obj, n)}


def plan_snapshot(plan: Any) -> diffing.Snapshot:
    """The whole structure of ``plan`` as a snapshot (5 queries whatever its size)."""
    from localret.strategy.interface import (
        INDICATOR_FIELDS,
        ActionLine,
        Indicator,
        Initiative,
        StrategicObjective,
    )

    indicator_fields = tuple(f for f in INDICATOR_FIELDS if f not in INTERNAL_INDICATOR_FIELDS)

    elements: dict[str, dict[str, Any]] = {
        "plan": {"type": "plan", "parent": None, **_fields(plan, PLAN_FIELDS)}
    }
    for value in plan.values.all():
        elements[f"value:{value.name}"] = {
            "type": "value",
            "parent": "plan",
            "name": value.name,
            "description": value.description,
        }
    for objective in StrategicObjective.objects.filter(plan=plan):
        elements[f"objective:{objective.code}"] = {
            "type": "objective",
            "parent": "plan",
            **_fields(objective, OBJECTIVE_FIELDS),
        }
    for line in ActionLine.objects.filter(objective__plan=plan).select_related("objective"):
        elements[f"action_line:{line.code}"] = {
            "type": "action_line",
            "parent": f"objective:{line.objective.code}",
            **_fields(line, ACTION_LINE_FIELDS),
        }
    initiatives = Initiative.objects.filter(action_line__objective__plan=plan).select_related(
        "action_line"
    )
    for initiative in initiatives:
        elements[f"initiative:{initiative.code}"] = {
            "type": "initiative",
            "parent": f"action_line:{initiative.action_line.code}",
            **_fields(initiative, INITIATIVE_FIELDS),
        }
    indicators = Indicator.objects.filter(
        models.Q(action_line__objective__plan=plan)
        | models.Q(initiative__action_line__objective__plan=plan)
    ).select_related("action_line", "initiative")
    for indicator in indicators:
        if indicator.initiative is not None:
            parent = f"initiative:{indicator.initiative.code}"
        else:
            parent = f"action_line:{indicator.action_line.code}"  # type: ignore[union-attr]
        elements[f"indicator:{indicator.code}"] = {
            "type": "indicator",
            "parent": parent,
            **_fields(indicator, indicator_fields),
        }
    added = [
        {"kind": "added", "element": k, "before": None, "after": v} for k, v in elements.items()
    ]
    return diffing.apply(diffing.empty_snapshot(), added)


def baselines(snapshot: diffing.Snapshot) -> dict[str, dict[str, Any]]:
    """Indicator code -> its baseline (value and date) in a snapshot."""
    return {
        e["code"]: {
            "baseline_value": e.get("baseline_value"),
            "baseline_date": e.get("baseline_date"),
        }
        for e in snapshot["elements"].values()
        if e.get("type") == "indicator"
    }


def _find(plan: Any, key: str) -> Any:
    from localret.strategy.interface import ActionLine, Indicator, Initiative

    etype, _, code = key.partition(":")
    if etype == "plan":
        return plan
    if etype == "objective":
        return plan.objectives.get(code=code)
    if etype == "action_line":
        return ActionLine.objects.get(objective__plan=plan, code=code)
    if etype == "initiative":
        return Initiative.objects.get(action_line__objective__plan=plan, code=code)
    if etype == "indicator":
        return Indicator.objects.get(code=code)
    raise ValueError(f"unknown element type {etype}")


def apply_to_plan(plan: Any, changes: list[diffing.Change], *, by: Any) -> None:
    """Write ``changes`` (from :func:`.drafting.changes_for`) to the plan's structure through
    strategy's services. Raises ``strategy.services.StrategyError`` when strategy refuses."""
    from localret.strategy import interface as strategy

    updaters = {
        "plan": lambda obj, f: strategy.plan_update(plan=obj, by=by, **f),
        "objective": lambda obj, f: strategy.objective_update(objective=obj, by=by, **f),
        "action_line": lambda obj, f: strategy.action_line_update(action_line=obj, by=by, **f),
        "initiative": lambda obj, f: strategy.initiative_update(initiative=obj, by=by, **f),
        "indicator": lambda obj, f: strategy.indicator_update(indicator=obj, by=by, **f),
    }
    deleters = {
        "objective": lambda obj: strategy.objective_delete(objective=obj, by=by),
        "action_line": lambda obj: strategy.action_line_delete(action_line=obj, by=by),
        "initiative": lambda obj: strategy.initiative_delete(initiative=obj, by=by),
        "indicator": lambda obj: strategy.indicator_delete(indicator=obj, by=by),
    }
    for change in changes:
        key, kind = change["element"], change["kind"]
        etype = key.partition(":")[0]
        if kind == "removed":
            try:
                obj = _find(plan, key)
            except ObjectDoesNotExist:
                continue  # already gone with its parent
            deleters[etype](obj)
        elif kind == "changed":
            fields = {
                name: value
                for name, value in change["after"].items()
                if name not in ("type", "parent", "code") and change["before"].get(name) != value
            }
            updaters[etype](_find(plan, key), fields)
        elif kind == "added":
            after = change["after"]
            parent = _find(plan, after["parent"])
            fields = {k: v for k, v in after.items() if k not in ("type", "parent", "code", "name")}
            if etype == "objective":
                strategy.objective_create(
                    plan=plan, by=by, code=after["code"], name=after["name"], **fields
                )
            elif etype == "action_line":
                strategy.action_line_create(
                    objective=parent, by=by, code=after["code"], name=after["name"], **fields
                )
            elif etype == "initiative":
                strategy.initiative_create(
                    action_line=parent, by=by, code=after["code"], name=after["name"], **fields
                )
            else:
                raise ValueError(f"cannot add a {etype}")
