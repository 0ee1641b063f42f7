"""Constraints of the plan's models, on factory-built rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..territory.factories import registered
from .factories import (
    ActionLineFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db


def test_an_indicator_hangs_from_exactly_one_action_line_or_initiative():
    initiative = InitiativeFactory()
    with pytest.raises(ValidationError):
        IndicatorFactory.build(
            action_line=initiative.action_line, initiative=initiative
        ).full_clean()
    with pytest.raises(ValidationError):
        IndicatorFactory.build(action_line=None, initiative=None).full_clean()
    IndicatorFactory.build(action_line=None, initiative=initiative).full_clean()


def test_an_indicator_kept_within_a_range_needs_an_ordered_range():
    line = ActionLineFactory()
    with pytest.raises(ValidationError):
        IndicatorFactory.build(action_line=line, direction="range").full_clean()
    with pytest.raises(ValidationError):
        IndicatorFactory.build(
            action_line=line, direction="range", range_low=Decimal(90), range_high=Decimal(80)
        ).full_clean()
    IndicatorFactory.build(
        action_line=line, percentage=True, direction="range", range_low=80, range_high=95
    ).full_clean()


def test_plan_thresholds_and_period_must_be_ordered():
    with pytest.raises(ValidationError):
        PlanFactory.build(at_risk_ratio=Decimal("0.95")).full_clean()
    with pytest.raises(ValidationError):
        PlanFactory.build(period_end=dt.date(2023, 12, 31)).full_clean()


def test_one_total_per_indicator_and_date_but_one_per_municipality_too():
    total = MeasurementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasurementFactory(indicator=total.indicator, date=total.date)
    municipal = MeasurementFactory(
        indicator=total.indicator, date=total.date, municipality=registered(), value=Decimal(1)
    )
    assert municipal.pk != total.pk
