"""Writes of a plan: create, edit, approve, close, copy, and its yearly plan values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from localret.core import hooks

from ..models import ActionLine, Indicator, Initiative, Plan, PlanValue, StrategicObjective
from .base import (
    StrategyError,
    _apply,
    _bulk,
    _delete,
    _now,
    _require_editable,
    _save,
    _set_values,
    _stamp,
)

# --- Plan ---------------------------------------------------------------------------------------

PLAN_FIELDS = (
    "name",
    "period_start",
    "period_end",
    "mandate_end",
    "mission",
    "drafting",
    "vision",
    "on_track_ratio",
    "at_risk_ratio",
)


def _check_plan(plan: Plan) -> None:
    """The plan's own rules, each reported on its field (before the database's constraints)."""
    errors = []
    if plan.period_start and plan.period_end and plan.period_end <= plan.period_start:
        errors.append({"field": "period_end", "message": "must be after the period start"})
    on_track, at_risk = plan.on_track_ratio, plan.at_risk_ratio
    if on_track is not None and not (0 <= Decimal(on_track) <= 1):
        errors.append({"field": "on_track_ratio", "message": "must be between 0 and 1"})
    if at_risk is not None and not (0 <= Decimal(at_risk) <= 1):
        errors.append({"field": "at_risk_ratio", "message": "must be between 0 and 1"})
    elif on_track is not None and at_risk is not None and Decimal(at_risk) > Decimal(on_track):
        errors.append({"field": "at_risk_ratio", "message": "must not be above the on-track ratio"})
    if errors:
        raise StrategyError("Some fields are not valid.", errors)


@transaction.atomic
def plan_create(
    *,
    by: Any,
    slug: str,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    mandate_end: dt.date | None = None,
    mission: str = "",
    vision: str = "",
    values: Sequence[Any] = (),
    on_track_ratio: Decimal | None = None,
    at_risk_ratio: Decimal | None = None,
    is_demo: bool = False,
    drafting: str = "",
) -> Plan:
    """Create a draft plan (staff). ``mandate_end`` defaults to ``period_end``."""
    plan = Plan(
        slug=slug,
        name=name,
        period_start=period_start,
        period_end=period_end,
        mandate_end=mandate_end or period_end,
        mission=mission,
        vision=vision,
        drafting=drafting,
        is_demo=is_demo,
    )
    if on_track_ratio is not None:
        plan.on_track_ratio = on_track_ratio
    if at_risk_ratio is not None:
        plan.at_risk_ratio = at_risk_ratio
    _check_plan(plan)
    _save(plan, by)
    _set_values(plan, values, by)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, by: Any, values: Sequence[Any] | None = None, **fields: Any) -> Plan:
    """Change a plan's fields (never its status: see plan_approve / plan_close)."""
    _require_editable(plan)
    _apply(plan, fields, PLAN_FIELDS)
    _check_plan(plan)
    _save(plan, by)
    if values is not None:
        _set_values(plan, values, by)
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan, by: Any) -> None:
    """Delete a draft plan and everything in it. Approved and closed plans stay."""
    if plan.status != Plan.Status.DRAFT:
        raise StrategyError(
            "Only a draft plan can be deleted.", [{"field": "status", "message": plan.status}]
        )
    _delete(plan, by)


@transaction.atomic
def plan_approve(*, plan: Plan, by: Any, agreement_ref: str) -> Plan:
    """Approve a draft plan after a Board agreement (``agreement_ref``, e.g. "CA 2020/07").

    The only way to approve a plan. Runs the ``core.hooks.plan_approved`` callbacks inside the
    transaction.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise StrategyError(
            "Only a draft plan can be approved.",
            [{"field": "status", "message": f"the plan is {plan.status}"}],
        )
    if not agreement_ref.strip():
        raise StrategyError(
            "The Board agreement is required.",
            [{"field": "agreement_ref", "message": "required"}],
        )
    plan.status = Plan.Status.APPROVED
    plan.approved_at = _now()
    plan.approval_ref = agreement_ref.strip()
    _save(plan, by, reason=f"approved: {plan.approval_ref}")
    hooks.plan_approved.run(plan=plan, by=by, agreement_ref=plan.approval_ref)
    return plan


@transaction.atomic
def plan_close(*, plan: Plan, by: Any, agreement_ref: str) -> Plan:
    """Close an approved plan after a Board agreement. The only way to close a plan."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.APPROVED:
        raise StrategyError(
            "Only an approved plan can be closed.",
            [{"field": "status", "message": f"the plan is {plan.status}"}],
        )
    if not agreement_ref.strip():
        raise StrategyError(
            "The Board agreement is required.",
            [{"field": "agreement_ref", "message": "required"}],
        )
    plan.status = Plan.Status.CLOSED
    plan.closed_at = _now()
    plan.closure_ref = agreement_ref.strip()
    _save(plan, by, reason=f"closed: {plan.closure_ref}")
    hooks.plan_closed.run(plan=plan, by=by, agreement_ref=plan.closure_ref)
    return plan


def default_indicator_code(old_code: str, old_year: int, new_year: int) -> str:
    """``I1.1.01-2020`` -> ``I1.1.01-2024``; codes without the year get ``-<new year>``."""
    suffix = f"-{old_year}"
    base = old_code[: -len(suffix)] if old_code.endswith(suffix) else old_code
    return f"{base}-{new_year}"[:40]


@transaction.atomic
def plan_copy(
    *,
    plan: Plan,
    by: Any,
    slug: str,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    mandate_end: dt.date | None = None,
    indicator_code: Callable[[str], str] | None = None,
    is_demo: bool | None = None,
) -> Plan:
    """Copy a plan's structure into a new draft plan (the next mandate), in one action.

    Copied: mission, vision, values, thresholds, objectives, action lines, initiatives (without
    dates, budgets executed or status) and indicators. Each indicator's baseline becomes its
    latest value in the old plan (if any) at the new period's start; its target date the new
    mandate end. Measurements and milestones are not copied. Indicator codes are unique, so
    they are renamed by ``indicator_code`` (default: the year suffix is replaced).
    """
    from ..selectors import latest_values

    mandate_end = mandate_end or period_end
    rename = indicator_code or (
        lambda code: default_indicator_code(code, plan.period_start.year, period_start.year)
    )
    new = plan_create(
        by=by,
        slug=slug,
        name=name,
        period_start=period_start,
        period_end=period_end,
        mandate_end=mandate_end,
        mission=plan.mission,
        vision=plan.vision,
        values=[(v.name, v.description) for v in plan.values.all()],
        on_track_ratio=plan.on_track_ratio,
        at_risk_ratio=plan.at_risk_ratio,
        is_demo=plan.is_demo if is_demo is None else is_demo,
    )
    new.copied_from = plan
    _stamp(new, by)
    new.save(update_fields=["copied_from"])
    old_indicators = list(
        Indicator.objects.filter(
            models.Q(action_line__objective__plan=plan)
            | models.Q(initiative__action_line__objective__plan=plan)
        )
    )
    new_codes = {ind.pk: rename(ind.code) for ind in old_indicators}
    taken = sorted(
        Indicator.objects.filter(code__in=new_codes.values()).values_list("code", flat=True)
    )
    if taken or len(set(new_codes.values())) != len(new_codes):
        raise StrategyError(
            "The copied indicators' codes are already in use.",
            [{"field": "indicator_code", "message": f"in use: {', '.join(taken[:10])}"}],
        )
    latest = latest_values(old_indicators, as_of=period_start)
    # Bulk copy, level by level (one INSERT per level plus its history rows).
    objectives = list(plan.objectives.all())
    new_objectives = _bulk(
        StrategicObjective,
        [
            StrategicObjective(
                plan=new,
                code=o.code,
                name=o.name,
                description=o.description,
                weight=o.weight,
                position=o.position,
            )
            for o in objectives
        ],
        by,
    )
    objective_map = {o.pk: n for o, n in zip(objectives, new_objectives, strict=True)}
    lines = list(ActionLine.objects.filter(objective__plan=plan))
    new_lines = _bulk(
        ActionLine,
        [
            ActionLine(
                objective=objective_map[line.objective_id],
                code=line.code,
                name=line.name,
                description=line.description,
                weight=line.weight,
                position=line.position,
            )
            for line in lines
        ],
        by,
    )
    line_map = {o.pk: n for o, n in zip(lines, new_lines, strict=True)}
    initiatives = list(
        Initiative.objects.filter(action_line__objective__plan=plan)
        .exclude(status=Initiative.Status.CANCELLED)
        .prefetch_related("municipalities")
    )
    new_initiatives = _bulk(
        Initiative,
        [
            Initiative(
                action_line=line_map[i.action_line_id],
                code=i.code,
                name=i.name,
                description=i.description,
                owner=i.owner,
                responsible=i.responsible,
                budget_planned=Decimal("0"),
                weight=i.weight,
                position=i.position,
            )
            for i in initiatives
        ],
        by,
    )
    initiative_map = {o.pk: n for o, n in zip(initiatives, new_initiatives, strict=True)}
    through = Initiative.municipalities.through
    through.objects.bulk_create(
        [
            through(initiative_id=initiative_map[i.pk].pk, municipality_id=m.pk)
            for i in initiatives
            for m in i.municipalities.all()
        ]
    )
    clones = []
    for ind in old_indicators:
        if ind.initiative_id and ind.initiative_id not in initiative_map:
            continue  # the initiative was cancelled
        last = latest.get(ind.pk)
        baseline = Decimal(str(round(last, 4))) if last is not None else ind.baseline_value
        clones.append(
            Indicator(
                code=new_codes[ind.pk],
                name=ind.name,
                definition=ind.definition,
                unit=ind.unit,
                direction=ind.direction,
                range_low=ind.range_low,
                range_high=ind.range_high,
                plausible_low=ind.plausible_low,
                plausible_high=ind.plausible_high,
                cumulative=ind.cumulative,
                baseline_value=baseline,
                baseline_date=period_start,
                target_value=ind.target_value,
                target_date=mandate_end,
                frequency=ind.frequency,
                source=ind.source,
                owner=ind.owner,
                action_line=line_map.get(ind.action_line_id) if ind.action_line_id else None,
                initiative=initiative_map.get(ind.initiative_id) if ind.initiative_id else None,
                aggregation=ind.aggregation,
                computed_key=ind.computed_key,
                weight=ind.weight,
                position=ind.position,
            )
        )
    _bulk(Indicator, clones, by)
    return new


# --- Plan values and indicator milestones, one at a time (the web forms) ------------------------

PLAN_VALUE_FIELDS = ("name", "description", "position")


@transaction.atomic
def plan_value_create(
    *, plan: Plan, by: Any, name: str, description: str = "", position: int | None = None
) -> PlanValue:
    """Add a value to the plan; without ``position`` it goes after the last one."""
    _require_editable(plan)
    if position is None:
        last = plan.values.aggregate(last=models.Max("position"))["last"]
        position = 0 if last is None else last + 1
    value = PlanValue(plan=plan, name=name, description=description, position=position)
    _save(value, by)
    return value


@transaction.atomic
def plan_value_update(*, value: PlanValue, by: Any, **fields: Any) -> PlanValue:
    _require_editable(value.plan)
    _apply(value, fields, PLAN_VALUE_FIELDS)
    _save(value, by)
    return value


@transaction.atomic
def plan_value_delete(*, value: PlanValue, by: Any) -> None:
    _require_editable(value.plan)
    _delete(value, by)
