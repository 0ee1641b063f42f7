"""Writes of the strategic plan: every function is keyword-only, atomic and audited.

Each write sets ``_history_user`` so django-simple-history records who changed what. Invalid
input raises :class:`StrategyError` with ``errors=[{field, message}]`` and writes nothing.

The plan's status only changes through :func:`plan_approve` (draft -> approved) and
:func:`plan_close` (approved -> closed), both with the reference of the Board agreement. The
governance app calls them when the Board records an agreement.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from localret.core import audit
from localret.core.errors import Invalid
from localret.core.formatting import date_short
from localret.core.tabular import (
    ImportFailed,
    IssueCollector,
    parse_date,
    parse_decimal,
    problem_errors,
    read_table,
)

from . import computed, hooks
from .models import (
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Plan,
    PlanValue,
    StrategicObjective,
)


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
    """Validate (fields, uniqueness, constraints), then save with an audit record."""
    try:
        audit.audited_save(obj, by, reason, clean=True, exclude=exclude, when=_RECORDED_AT.get())
    except Invalid as exc:
        raise StrategyError(exc.message, exc.errors) from exc


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

    The only way to approve a plan. Runs the ``on_plan_approved`` hooks inside the transaction.
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
    hooks.run_plan_approved(plan=plan, by=by, agreement_ref=plan.approval_ref)
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
    hooks.run_plan_closed(plan=plan, by=by, agreement_ref=plan.closure_ref)
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
    from .selectors import latest_values

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


def _bulk(model: type[models.Model], objs: list[Any], by: Any) -> list[Any]:
    """bulk_create with one history row each, dated like every other write here."""
    if not objs:
        return []
    created = bulk_create_with_history(objs, model, default_user=by, default_date=_now())
    return list(created)


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


# --- Indicators ---------------------------------------------------------------------------------

INDICATOR_FIELDS = (
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "range_low",
    "range_high",
    "plausible_low",
    "plausible_high",
    "cumulative",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "frequency",
    "source",
    "owner",
    "aggregation",
    "computed_key",
    "weight",
    "position",
    "action_line",
    "initiative",
)


def _check_indicator(indicator: Indicator) -> None:
    errors = []
    if indicator.computed_key and computed.get(indicator.computed_key) is None:
        errors.append(
            {
                "field": "computed_key",
                "message": f"no computed indicator '{indicator.computed_key}'",
            }
        )
    if (indicator.action_line_id is None) == (indicator.initiative_id is None):
        errors.append(
            {"field": "action_line", "message": "attach it to an action line or an initiative"}
        )
    if indicator.direction != Indicator.Direction.RANGE and indicator.target_value is None:
        errors.append({"field": "target_value", "message": "a target value is required"})
    if indicator.direction == Indicator.Direction.RANGE and (
        indicator.range_low is None or indicator.range_high is None
    ):
        errors.append({"field": "range_low", "message": "a range needs low and high values"})
    if (
        indicator.baseline_date
        and indicator.target_date
        and indicator.target_date <= indicator.baseline_date
    ):
        errors.append({"field": "target_date", "message": "must be after the baseline date"})
    baseline, target = indicator.baseline_value, indicator.target_value
    if baseline is not None and target is not None:
        if indicator.direction == Indicator.Direction.INCREASE and target <= baseline:
            errors.append(
                {
                    "field": "target_value",
                    "message": "an increasing indicator needs a target above its baseline",
                }
            )
        elif indicator.direction == Indicator.Direction.DECREASE and target >= baseline:
            errors.append(
                {
                    "field": "target_value",
                    "message": "a decreasing indicator needs a target below its baseline",
                }
            )
    if (
        indicator.range_low is not None
        and indicator.range_high is not None
        and indicator.range_low > indicator.range_high
    ):
        errors.append({"field": "range_low", "message": "must not be above range_high"})
    if (
        indicator.plausible_low is not None
        and indicator.plausible_high is not None
        and indicator.plausible_low > indicator.plausible_high
    ):
        errors.append({"field": "plausible_low", "message": "must not be above plausible_high"})
    if errors:
        raise StrategyError("Some fields are not valid.", errors)


def _set_milestones(
    indicator: Indicator, milestones: Sequence[tuple[dt.date, Any]], by: Any
) -> None:
    for old in list(indicator.milestones.all()):
        _delete(old, by)
    seen = set()
    for date, value in milestones:
        if date in seen:
            raise StrategyError(
                "Two milestones on the same date.", [{"field": "milestones", "message": str(date)}]
            )
        seen.add(date)
        _save(Milestone(indicator=indicator, date=date, value=Decimal(str(value))), by)


@transaction.atomic
def indicator_create(
    *,
    by: Any,
    code: str,
    name: str,
    action_line: ActionLine | None = None,
    initiative: Initiative | None = None,
    milestones: Sequence[tuple[dt.date, Any]] = (),
    **fields: Any,
) -> Indicator:
    """Create an indicator on an action line or an initiative (exactly one).

    ``target_date`` defaults to the plan's mandate end, ``baseline_date`` to its start.
    """
    indicator = Indicator(code=code, name=name, action_line=action_line, initiative=initiative)
    _apply(indicator, fields, INDICATOR_FIELDS)
    _check_indicator(indicator)
    plan = _plan_of(indicator)
    _require_editable(plan)
    if indicator.target_date is None:
        indicator.target_date = plan.mandate_end
    if indicator.baseline_date is None:
        indicator.baseline_date = plan.period_start
    _check_indicator(indicator)
    _save(indicator, by)
    _set_milestones(indicator, milestones, by)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    by: Any,
    milestones: Sequence[tuple[dt.date, Any]] | None = None,
    **fields: Any,
) -> Indicator:
    _require_editable(_plan_of(indicator))
    _apply(indicator, fields, INDICATOR_FIELDS)
    _check_indicator(indicator)
    _require_editable(_plan_of(indicator))
    _save(indicator, by)
    if milestones is not None:
        _set_milestones(indicator, milestones, by)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: Any) -> None:
    _require_editable(_plan_of(indicator))
    _delete(indicator, by)


# --- Measurements -------------------------------------------------------------------------------


def _check_typed(indicator: Indicator) -> None:
    if indicator.computed_key:
        raise StrategyError(
            "This indicator is computed from platform data; its values are not typed.",
            [{"field": "indicator", "message": f"computed from '{indicator.computed_key}'"}],
        )


@transaction.atomic
def measurement_create(
    *,
    indicator: Indicator,
    by: Any,
    date: dt.date,
    value: Decimal,
    municipality: Any = None,
    source: str = "",
) -> Measurement:
    """Record a measurement; one per indicator, date and municipality (else update it).

    A closed plan's results are final: its indicators take no new or changed measurement."""
    _check_typed(indicator)
    _require_editable(_plan_of(indicator))
    if date > timezone.localdate():
        raise StrategyError("The date is in the future.", [{"field": "date", "message": "future"}])
    value = measurement_value(indicator=indicator, value=value)
    existing = Measurement.objects.filter(
        indicator=indicator, date=date, municipality=municipality
    ).first()
    if existing is not None:
        existing.value = value
        existing.source = source or existing.source
        existing.entered_by = by
        _save(existing, by, reason="value replaced")
        return existing
    measurement = Measurement(
        indicator=indicator,
        date=date,
        value=value,
        municipality=municipality,
        source=source,
        entered_by=by,
        created_at=_now(),
    )
    _save(measurement, by)
    return measurement


@transaction.atomic
def measurement_update(
    *, measurement: Measurement, by: Any, reason: str = "", **fields: Any
) -> Measurement:
    """Correct a measurement (value, date, municipality, source), with an optional reason kept
    in its history. Moving it onto another measurement's date and municipality is refused."""
    _check_typed(measurement.indicator)
    _require_editable(_plan_of(measurement.indicator))
    if "value" in fields:
        fields["value"] = measurement_value(indicator=measurement.indicator, value=fields["value"])
    if "date" in fields and fields["date"] > timezone.localdate():
        raise StrategyError("The date is in the future.", [{"field": "date", "message": "future"}])
    _apply(measurement, fields, ("date", "value", "municipality", "source"))
    clash = Measurement.objects.filter(
        indicator=measurement.indicator,
        date=measurement.date,
        municipality=measurement.municipality,
    ).exclude(pk=measurement.pk)
    if clash.exists():
        raise StrategyError(
            "There is already a measurement for that date and municipality.",
            [{"field": "date", "message": "another measurement has this date and municipality"}],
        )
    measurement.entered_by = by
    _save(measurement, by, reason=(reason or "corrected")[:100])
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, by: Any, reason: str = "") -> None:
    """Delete a wrong measurement; the history keeps it, with who, when and the reason."""
    _require_editable(_plan_of(measurement.indicator))
    measurement._change_reason = (reason or "deleted")[:100]  # type: ignore[attr-defined]
    _delete(measurement, by)


def measurement_value(*, indicator: Indicator, value: Any) -> Decimal:
    """The value to store: any finite number kept to 8 decimal places, inside the indicator's
    plausible range (from its unit unless staff set one). Raises StrategyError naming
    ``value``."""
    from . import plausibility

    try:
        number = plausibility.normalize(value)
    except plausibility.InvalidValue as exc:
        raise StrategyError(f"The value {exc}.", [{"field": "value", "message": str(exc)}]) from exc
    allowed = plausibility.effective_range(
        indicator.unit, indicator.plausible_low, indicator.plausible_high
    )
    problem = plausibility.check(number, allowed)
    if problem is not None:
        raise StrategyError(
            f"The value is not plausible for this indicator: it {problem}.",
            [{"field": "value", "message": f"{problem} (unit: {indicator.unit or '-'})"}],
        )
    return number


# --- Import -------------------------------------------------------------------------------------

IMPORT_COLUMNS = {
    "indicator": ("indicator", "indicator_code", "code", "indicador", "codi"),
    "date": ("date", "data", "fecha"),
    "value": ("value", "valor"),
    "municipality": ("municipality", "municipality_code", "municipi", "municipio"),
    "source": ("source", "font", "fuente"),
}
REQUIRED_COLUMNS = ("indicator", "date", "value")


@dataclass(frozen=True)
class ImportRow:
    row: int
    indicator: str
    date: dt.date
    municipality: str
    value: Decimal
    previous: Decimal | None
    action: str  # create | update | unchanged


@dataclass
class ImportResult:
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.action == "update")

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.action == "unchanged")

    def first_changes(self, per_kind: int) -> list[ImportRow]:
        """The first ``per_kind`` rows of each action, in file order (for a summary)."""
        seen: dict[str, int] = {}
        out = []
        for r in self.rows:
            if seen.get(r.action, 0) < per_kind:
                seen[r.action] = seen.get(r.action, 0) + 1
                out.append(r)
        return out


def _column_map(headers: Sequence[str]) -> dict[str, str]:
    lowered = {h.strip().lower(): h for h in headers}
    found = {}
    for name, aliases in IMPORT_COLUMNS.items():
        for alias in aliases:
            if alias in lowered:
                found[name] = lowered[alias]
                break
    return found


def _closed_plan(indicator: Indicator) -> bool:
    try:
        return _plan_of(indicator).status == Plan.Status.CLOSED
    except StrategyError:
        return False


def measurements_import(
    *, data: bytes, filename: str = "file", by: Any, dry_run: bool = True
) -> ImportResult:
    """Import measurements from CSV/XLSX (indicator, date, value, [municipality], [source]).

    Every problem is collected with its row and field; if there is any, :class:`ImportFailed`
    is raised and nothing is written. A dry run returns what would change without writing.
    An existing measurement (same indicator, date and municipality) is updated.
    """
    from localret.territory.models import Municipality

    table = read_table(data, filename, keep_row_issues=True)
    columns = _column_map(table.headers)
    issues = IssueCollector(filename=filename)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            issues.add(_("missing column %(column)s") % {"column": name}, row=1, field=name)
    issues.raise_if_any()
    issues.issues.extend(table.issues)  # rows with too many values, reported with the others

    codes = {values.get(columns["indicator"], "").strip() for _row, values in table.rows}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    muni_codes = (
        {values.get(columns["municipality"], "").strip() for _row, values in table.rows}
        if "municipality" in columns
        else set()
    )
    # A code that lost its leading zero (a spreadsheet saved "082981" as 82981) still counts.
    muni_codes |= {c.zfill(6) for c in muni_codes if c.isdigit()}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=muni_codes)}
    today = timezone.localdate()
    parsed: list[tuple[int, Indicator, dt.date, Any, Decimal, str]] = []
    seen: dict[tuple[str, dt.date, str], int] = {}
    for row, values in table.rows:
        code = values.get(columns["indicator"], "").strip()
        indicator = indicators.get(code)
        if not code:
            issues.add(_("an indicator code is required"), row=row, field="indicator")
        elif indicator is None:
            issues.add(
                _("unknown indicator “%(code)s”") % {"code": code}, row=row, field="indicator"
            )
        elif indicator.computed_key:
            issues.add(
                _("indicator %(code)s is computed from platform data; it cannot be imported")
                % {"code": code},
                row=row,
                field="indicator",
            )
        elif _closed_plan(indicator):
            issues.add(
                _("indicator %(code)s belongs to a closed plan; its results are final")
                % {"code": code},
                row=row,
                field="indicator",
            )
        date = None
        try:
            date = parse_date(values.get(columns["date"], ""))
            if date > today:
                issues.add(
                    _("%(date)s is in the future") % {"date": date_short(date)},
                    row=row,
                    field="date",
                )
        except ValueError as exc:
            issues.add(str(exc), row=row, field="date")
        value = None
        try:
            value = parse_decimal(values.get(columns["value"], ""))
            if indicator is not None:
                value = measurement_value(indicator=indicator, value=value)
            elif abs(value) >= Decimal("1e15"):
                issues.add(_("the value is too large"), row=row, field="value")
        except StrategyError as exc:
            issues.add(exc.errors[0]["message"], row=row, field="value")
            value = None
        except ValueError as exc:
            issues.add(str(exc), row=row, field="value")
        muni_code = (
            values.get(columns["municipality"], "").strip() if "municipality" in columns else ""
        )
        municipality = None
        if muni_code:
            municipality = municipalities.get(muni_code.zfill(6)) or municipalities.get(muni_code)
            if municipality is None:
                issues.add(
                    _("unknown municipality code “%(code)s”") % {"code": muni_code},
                    row=row,
                    field="municipality",
                )
        source = values.get(columns["source"], "").strip() if "source" in columns else ""
        if len(source) > 300:
            issues.add(_("the source note is longer than 300 characters"), row=row, field="source")
        if indicator is not None and date is not None:
            key = (code, date, municipality.code if municipality else "")
            if key in seen:
                issues.add(
                    _("same indicator, date and municipality as row %(row)s") % {"row": seen[key]},
                    row=row,
                    field="date",
                )
            seen[key] = row
        if indicator is not None and date is not None and value is not None:
            parsed.append((row, indicator, date, municipality, value, source))
    issues.raise_if_any()

    existing = {
        (m.indicator_id, m.date, m.municipality_id): m
        for m in Measurement.objects.filter(indicator__in=[p[1] for p in parsed]).filter(
            date__in={p[2] for p in parsed}
        )
    }
    result = ImportResult(dry_run=dry_run)
    to_create: list[Measurement] = []
    to_update: list[Measurement] = []
    for row, indicator, date, municipality, value, source in parsed:
        old = existing.get((indicator.pk, date, municipality.pk if municipality else None))
        previous = old.value if old is not None else None
        if old is None:
            action = "create"
            to_create.append(
                Measurement(
                    indicator=indicator,
                    date=date,
                    value=value,
                    municipality=municipality,
                    source=source or filename,
                    entered_by=by,
                )
            )
        elif old.value == value:
            action = "unchanged"
        else:
            action = "update"
            old.value = value
            old.source = source or filename
            old.entered_by = by
            to_update.append(old)
        result.rows.append(
            ImportRow(
                row=row,
                indicator=indicator.code,
                date=date,
                municipality=municipality.code if municipality else "",
                value=value,
                previous=previous,
                action=action,
            )
        )
    if not dry_run:
        with transaction.atomic():
            if to_create:
                bulk_create_with_history(to_create, Measurement, default_user=by)
            if to_update:
                bulk_update_with_history(
                    to_update,
                    Measurement,
                    ["value", "source", "entered_by"],
                    default_user=by,
                    default_change_reason=f"import {filename}",
                )
    return result


# --- Computed indicators ------------------------------------------------------------------------


@transaction.atomic
def computed_snapshot(*, indicator: Indicator, as_of: dt.date, by: Any = None) -> int:
    """Store the registry's value of a computed indicator at ``as_of`` as measurements.

    Writes the total (no municipality) and the per-municipality breakdown; replaces earlier
    snapshots of the same date. Returns the number of measurements written.
    """
    from localret.territory.models import Municipality

    entry = computed.get(indicator.computed_key) if indicator.computed_key else None
    if entry is None:
        raise StrategyError(
            "The indicator is not computed.", [{"field": "computed_key", "message": "unknown"}]
        )
    _require_editable(_plan_of(indicator))
    result = entry.compute(as_of)
    Measurement.objects.filter(indicator=indicator, date=as_of).delete()
    when = _now()
    if as_of < when.date():  # a backfill: recorded as known at the end of that day
        when = timezone.make_aware(dt.datetime.combine(as_of, dt.time(23, 0)))
    rows: list[Measurement] = []
    note = entry.source_note
    if result.value is not None:
        rows.append(
            Measurement(
                indicator=indicator,
                date=as_of,
                value=Decimal(str(round(result.value, 4))),
                source=note,
                entered_by=by,
            )
        )
    if result.by_municipality:
        munis = Municipality.objects.in_bulk(list(result.by_municipality), field_name="code")
        for code, value in sorted(result.by_municipality.items()):
            if code in munis and value is not None:
                rows.append(
                    Measurement(
                        indicator=indicator,
                        date=as_of,
                        value=Decimal(str(round(value, 4))),
                        municipality=munis[code],
                        source=note,
                        entered_by=by,
                    )
                )
    for row in rows:
        row.created_at = when
        row._history_date = when  # type: ignore[attr-defined]
    if rows:
        bulk_create_with_history(rows, Measurement, default_user=by)
    return len(rows)


def computed_indicators_refresh(*, as_of: dt.date | None = None, by: Any = None) -> dict[str, int]:
    """Recompute every computed indicator of approved and draft plans at ``as_of`` (today);
    closed plans keep their final results."""
    as_of = as_of or timezone.localdate()
    written = {}
    for indicator in Indicator.objects.exclude(computed_key=""):
        if computed.get(indicator.computed_key) is None or _closed_plan(indicator):
            continue
        written[indicator.code] = computed_snapshot(indicator=indicator, as_of=as_of, by=by)
    return written


MAX_ERRORS_SHOWN = 100


def import_error_list(exc: ImportFailed) -> list[dict[str, Any]]:
    """The first 100 errors with their row and field; when there are more, a last item says
    how many there are in total."""
    shown = exc.issues[:MAX_ERRORS_SHOWN]
    errors = problem_errors(shown)
    total = max(exc.total, len(exc.issues))
    if total > len(shown):
        errors.append(
            {
                "field": "file",
                "message": f"{total - len(shown)} more errors not shown ({total} in total)",
            }
        )
    return errors


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


@transaction.atomic
def milestone_create(*, indicator: Indicator, by: Any, date: dt.date, value: Any) -> Milestone:
    """Add a milestone (the value expected at a date) to an indicator; one per date."""
    _require_editable(_plan_of(indicator))
    if indicator.milestones.filter(date=date).exists():
        raise StrategyError(
            "There is already a milestone on that date.",
            [{"field": "date", "message": "there is already a milestone on that date"}],
        )
    milestone = Milestone(indicator=indicator, date=date, value=Decimal(str(value)))
    _save(milestone, by)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: Any) -> None:
    _require_editable(_plan_of(milestone.indicator))
    _delete(milestone, by)
