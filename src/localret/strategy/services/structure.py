"""Writes of the plan's structure: strategic objectives, action lines and initiatives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from ..models import ActionLine, Initiative, Plan, StrategicObjective
from .base import _apply, _delete, _plan_of, _require_editable, _save

# --- Objectives, action lines, initiatives ------------------------------------------------------

OBJECTIVE_FIELDS = ("code", "name", "description", "weight", "position")


ACTION_LINE_FIELDS = ("code", "name", "description", "weight", "position")


INITIATIVE_FIELDS = (
    "code",
    "name",
    "description",
    "owner",
    "responsible",
    "start_date",
    "end_date",
    "budget_planned",
    "budget_executed",
    "status",
    "weight",
    "position",
)


@transaction.atomic
def objective_create(
    *, plan: Plan, by: Any, code: str, name: str, **fields: Any
) -> StrategicObjective:
    _require_editable(plan)
    objective = StrategicObjective(plan=plan, code=code, name=name)
    _apply(objective, fields, OBJECTIVE_FIELDS)
    _save(objective, by)
    return objective


@transaction.atomic
def objective_update(
    *, objective: StrategicObjective, by: Any, **fields: Any
) -> StrategicObjective:
    _require_editable(objective.plan)
    _apply(objective, fields, OBJECTIVE_FIELDS)
    _save(objective, by)
    return objective


@transaction.atomic
def objective_delete(*, objective: StrategicObjective, by: Any) -> None:
    _require_editable(objective.plan)
    _delete(objective, by)


@transaction.atomic
def action_line_create(
    *, objective: StrategicObjective, by: Any, code: str, name: str, **fields: Any
) -> ActionLine:
    _require_editable(objective.plan)
    line = ActionLine(objective=objective, code=code, name=name)
    _apply(line, fields, ACTION_LINE_FIELDS)
    _save(line, by)
    return line


@transaction.atomic
def action_line_update(*, action_line: ActionLine, by: Any, **fields: Any) -> ActionLine:
    _require_editable(_plan_of(action_line))
    _apply(action_line, fields, ACTION_LINE_FIELDS)
    _save(action_line, by)
    return action_line


@transaction.atomic
def action_line_delete(*, action_line: ActionLine, by: Any) -> None:
    _require_editable(_plan_of(action_line))
    _delete(action_line, by)


@transaction.atomic
def initiative_create(
    *,
    action_line: ActionLine,
    by: Any,
    code: str,
    name: str,
    municipalities: Iterable[Any] | None = None,
    **fields: Any,
) -> Initiative:
    _require_editable(_plan_of(action_line))
    initiative = Initiative(action_line=action_line, code=code, name=name)
    _apply(initiative, fields, INITIATIVE_FIELDS)
    _save(initiative, by)
    if municipalities is not None:
        initiative.municipalities.set(list(municipalities))
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, by: Any, municipalities: Iterable[Any] | None = None, **fields: Any
) -> Initiative:
    _require_editable(_plan_of(initiative))
    _apply(initiative, fields, INITIATIVE_FIELDS)
    _save(initiative, by)
    if municipalities is not None:
        initiative.municipalities.set(list(municipalities))
    return initiative


@transaction.atomic
def initiative_delete(*, initiative: Initiative, by: Any) -> None:
    _require_editable(_plan_of(initiative))
    _delete(initiative, by)
