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

from django.apps import apps
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
INDICATOR_FIELDS = (
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "range_low",
    "range_high",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "frequency",
    "source",
    "owner",
    "weight",
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


def _model(name: str) -> type[models.Model] | None:
    try:
        return apps.get_model("strategy", name)
    except LookupError:
        return None


def plan_snapshot(plan: Any) -> diffing.Snapshot:
    """The whole structure of ``plan`` as a snapshot."""
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
    objective_model = _model("StrategicObjective")
    line_model = _model("ActionLine")
    assert objective_model is not None and line_model is not None
    for objective in objective_model.objects.filter(plan=plan):
        elements[f"objective:{objective.code}"] = {  # type: ignore[attr-defined]
            "type": "objective",
            "parent": "plan",
            **_fields(objective, OBJECTIVE_FIELDS),
        }
    lines = line_model.objects.filter(objective__plan=plan).select_related("objective")
    for line in lines:
        elements[f"action_line:{line.code}"] = {  # type: ignore[attr-defined]
            "type": "action_line",
            "parent": f"objective:{line.objective.code}",  # type: ignore[attr-defined]
            **_fields(line, ACTION_LINE_FIELDS),
        }
    initiative_model = _model("Initiative")
    if initiative_model is not None:
        initiatives = initiative_model.objects.filter(
            action_line__objective__plan=plan
        ).select_related("action_line")
        for initiative in initiatives:
            elements[f"initiative:{initiative.code}"] = {  # type: ignore[attr-defined]
                "type": "initiative",
                "parent": f"action_line:{initiative.action_line.code}",  # type: ignore[attr-defined]
                **_fields(initiative, INITIATIVE_FIELDS),
            }
    indicator_model = _model("Indicator")
    if indicator_model is not None:
        indicators = indicator_model.objects.filter(
            models.Q(action_line__objective__plan=plan)
            | models.Q(initiative__action_line__objective__plan=plan)
        ).select_related("action_line", "initiative")
        for indicator in indicators:
            if indicator.initiative_id:  # type: ignore[attr-defined]
                parent = f"initiative:{indicator.initiative.code}"  # type: ignore[attr-defined]
            else:
                parent = f"action_line:{indicator.action_line.code}"  # type: ignore[attr-defined]
            elements[f"indicator:{indicator.code}"] = {  # type: ignore[attr-defined]
                "type": "indicator",
                "parent": parent,
                **_fields(indicator, INDICATOR_FIELDS),
            }
    return diffing.apply(
        diffing.empty_snapshot(),
        [{"kind": "added", "element": k, "before": None, "after": v} for k, v in elements.items()],
    )


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


def _find(plan: Any, key: str) -> models.Model:
    etype, _, code = key.partition(":")
    if etype == "plan":
        return plan
    if etype == "objective":
        return plan.objectives.get(code=code)
    if etype == "action_line":
        return _model("ActionLine").objects.get(objective__plan=plan, code=code)  # type: ignore[union-attr]
    if etype == "initiative":
        return _model("Initiative").objects.get(action_line__objective__plan=plan, code=code)  # type: ignore[union-attr]
    if etype == "indicator":
        return _model("Indicator").objects.get(code=code)  # type: ignore[union-attr]
    raise ValueError(f"unknown element type {etype}")


def _save(obj: models.Model, by: Any) -> None:
    obj._history_user = by  # type: ignore[attr-defined]
    obj.full_clean(exclude=["plan", "objective", "action_line", "initiative"])
    obj.save()


def apply_to_plan(plan: Any, changes: list[diffing.Change], *, by: Any) -> None:
    """Write ``changes`` (from :func:`.drafting.changes_for`) to the plan's structure."""
    for change in changes:
        key, kind = change["element"], change["kind"]
        etype = key.partition(":")[0]
        if kind == "removed":
            try:
                obj = _find(plan, key)
            except models.ObjectDoesNotExist:
                continue  # already gone with its parent
            obj._history_user = by  # type: ignore[attr-defined]
            obj.delete()
        elif kind == "changed":
            obj = _find(plan, key)
            for name, value in change["after"].items():
                if name not in ("type", "parent", "code") and change["before"].get(name) != value:
                    setattr(obj, name, value)
            _save(obj, by)
        elif kind == "added":
            after = change["after"]
            parent = _find(plan, after["parent"])
            values = {
                k: v for k, v in after.items() if k not in ("type", "parent") and v is not None
            }
            model = {
                "objective": _model("StrategicObjective"),
                "action_line": _model("ActionLine"),
                "initiative": _model("Initiative"),
                "indicator": _model("Indicator"),
            }[etype]
            assert model is not None
            links = {
                "objective": {"plan": parent},
                "action_line": {"objective": parent},
                "initiative": {"action_line": parent},
                "indicator": {parent._meta.model_name.replace("actionline", "action_line"): parent},  # type: ignore[union-attr]
            }[etype]
            siblings = model.objects.filter(**links).count()
            obj = model(**links, **values, position=siblings + 1)
            _save(obj, by)
