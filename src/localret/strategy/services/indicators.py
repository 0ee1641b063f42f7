"""Writes of indicators and their milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from .. import computed
from ..models import INDICATOR_FIELDS as DECLARED_FIELDS
from ..models import ActionLine, Indicator, Initiative, Milestone
from .base import StrategyError, _apply, _delete, _plan_of, _require_editable, _save

# --- Indicators ---------------------------------------------------------------------------------

# What the services accept: the indicator's declared fields and its place in the plan.
INDICATOR_FIELDS = (*DECLARED_FIELDS, "position", "action_line", "initiative")


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
