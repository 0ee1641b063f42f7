"""API schemas of the strategic plan (contract in issue 4; documented in the README)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

Direction = Literal["increase", "decrease", "range"]
Aggregation = Literal["sum", "mean", "share"]
Frequency = Literal["monthly", "quarterly", "half_yearly", "yearly"]
InitiativeStatus = Literal["planned", "in_progress", "completed", "on_hold", "cancelled"]
Code = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class PlanSummary(Schema):
    slug: str
    name: str
    status: str
    period_start: dt.date
    period_end: dt.date
    mandate_end: dt.date
    is_demo: bool


class PlanPage(Schema):
    count: int
    items: list[PlanSummary]


class ValueOut(Schema):
    name: str
    description: str


class PullOut(Schema):
    kind: str
    code: str
    name: str
    share: float
    gap: float
    impact: float
    status: str


class ExplanationOut(Schema):
    pulled_down_by: list[PullOut]
    without_data: list[str]


class IndicatorNodeOut(Schema):
    code: str
    name: str
    unit: str
    weight: float
    current_value: float | None
    last_date: dt.date | None
    progress: float | None
    expected_progress: float | None
    status: str


class InitiativeNodeOut(Schema):
    code: str
    name: str
    status_of_initiative: str
    weight: float
    progress: float | None
    expected_progress: float | None
    status: str
    explanation: ExplanationOut
    indicators: list[IndicatorNodeOut]


class ActionLineOut(Schema):
    code: str
    name: str
    weight: float
    progress: float | None
    expected_progress: float | None
    status: str
    explanation: ExplanationOut
    initiatives: list[InitiativeNodeOut]
    indicators: list[IndicatorNodeOut]


class ObjectiveOut(Schema):
    code: str
    name: str
    weight: float
    progress: float | None
    expected_progress: float | None
    status: str
    explanation: ExplanationOut
    action_lines: list[ActionLineOut]


class PlanOut(Schema):
    slug: str
    name: str
    status: str = Field(description="Plan status: draft, approved or closed")
    period_start: dt.date
    period_end: dt.date
    mandate_end: dt.date
    approval_ref: str
    closure_ref: str
    is_demo: bool
    as_of: dt.date
    mission: str
    vision: str
    values: list[ValueOut]
    on_track_ratio: float
    at_risk_ratio: float
    progress: float | None
    expected_progress: float | None
    progress_status: str = Field(description="Roll-up status of the whole plan")
    explanation: ExplanationOut
    objectives: list[ObjectiveOut]


class MilestoneIn(Schema):
    date: dt.date
    value: Decimal


class IndicatorIn(Strict):
    code: str = Code
    name: str = Field(min_length=1, max_length=300)
    plan: str
    action_line: str | None = None
    initiative: str | None = None
    unit: str = Field("", max_length=40)
    direction: Direction = "increase"
    range_low: Decimal | None = None
    range_high: Decimal | None = None
    plausible_low: Decimal | None = Field(None, description="empty: from the unit")
    plausible_high: Decimal | None = Field(None, description="empty: from the unit")
    cumulative: bool = False
    baseline_value: Decimal | None = None
    baseline_date: dt.date | None = None
    target_value: Decimal | None = None
    target_date: dt.date | None = None
    definition: str = ""
    frequency: Frequency = "quarterly"
    source: str = Field("", max_length=200)
    owner: str = Field("", max_length=120)
    aggregation: Aggregation = "sum"
    computed_key: str = ""
    weight: Decimal = Field(Decimal("1"), ge=0)
    milestones: list[MilestoneIn] = []


class IndicatorPatch(Strict):
    name: str | None = Field(None, min_length=1, max_length=300)
    unit: str | None = Field(None, max_length=40)
    direction: Direction | None = None
    range_low: Decimal | None = None
    range_high: Decimal | None = None
    plausible_low: Decimal | None = None
    plausible_high: Decimal | None = None
    cumulative: bool | None = None
    baseline_value: Decimal | None = None
    baseline_date: dt.date | None = None
    target_value: Decimal | None = None
    target_date: dt.date | None = None
    definition: str | None = None
    frequency: Frequency | None = None
    source: str | None = Field(None, max_length=200)
    owner: str | None = Field(None, max_length=120)
    aggregation: Aggregation | None = None
    weight: Decimal | None = Field(None, ge=0)
    milestones: list[MilestoneIn] | None = None


class MeasurementIn(Strict):
    date: dt.date
    value: Decimal = Field(
        allow_inf_nan=False,
        description="any finite number (JSON number or decimal text); kept to 8 decimal places",
    )
    municipality: str | None = Field(None, pattern=r"^\d{6}$")
    source: str = Field("", max_length=300)


class MeasurementPatch(Strict):
    date: dt.date | None = None
    value: Decimal | None = Field(None, allow_inf_nan=False)
    municipality: str | None = Field(
        None, pattern=r"^\d{6}$", description="INE code; send null (with the key) for the total"
    )
    source: str | None = Field(None, max_length=300)
    reason: str = Field("", max_length=100, description="why it was corrected (in its history)")


class MeasurementOut(Schema):
    id: int
    date: dt.date
    value: float
    municipality: str | None
    source: str


class MeasurementWrittenOut(MeasurementOut):
    warnings: list[str] = Field(
        [], description="the value was recorded but looks unusual (far from the series): check it"
    )


class ForecastOut(Schema):
    value_at_target_date: float
    low: float
    high: float
    probability_of_target: float | None
    level: float


class MunicipalValueOut(Schema):
    municipality: str
    name: str
    value: float
    date: dt.date


class MilestoneOut(Schema):
    date: dt.date
    value: float


class PlanIndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    range_low: float | None
    range_high: float | None
    plausible_low: float | None
    plausible_high: float | None
    cumulative: bool
    plan: str
    action_line: str | None
    initiative: str | None
    baseline_value: float | None
    baseline_date: dt.date
    target_value: float | None
    target_date: dt.date
    frequency: str
    source: str
    owner: str
    aggregation: str
    computed_key: str
    milestones: list[MilestoneOut]
    as_of: dt.date
    defined_later: bool = Field(
        False,
        description="The indicator was recorded after as_of: shown with its first definition "
        "and the measurements dated up to as_of.",
    )
    measurements: list[MeasurementOut]
    current_value: float | None
    progress: float | None
    expected_progress: float | None
    status: str
    forecast: ForecastOut | None
    forecast_reason: str | None
    by_municipality: list[MunicipalValueOut]


class ImportRowOut(Schema):
    row: int
    indicator: str
    date: dt.date
    municipality: str
    value: float
    previous: float | None
    action: str


class MeasurementImportOut(Schema):
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    changes: list[ImportRowOut]


class PlanIn(Strict):
    slug: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9\-]*$")
    name: str = Field(min_length=1, max_length=200)
    period_start: dt.date
    period_end: dt.date
    mandate_end: dt.date | None = None
    mission: str = ""
    vision: str = ""
    values: list[ValueOut] = []
    on_track_ratio: Decimal | None = Field(None, ge=0, le=1)
    at_risk_ratio: Decimal | None = Field(None, ge=0, le=1)


class PlanPatch(Strict):
    """Any field but the status (approval and closure come from Board agreements)."""

    name: str | None = Field(None, min_length=1, max_length=200)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    mandate_end: dt.date | None = None
    mission: str | None = None
    vision: str | None = None
    values: list[ValueOut] | None = None
    on_track_ratio: Decimal | None = Field(None, ge=0, le=1)
    at_risk_ratio: Decimal | None = Field(None, ge=0, le=1)


class PlanCopyIn(Strict):
    slug: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9\-]*$")
    name: str = Field(min_length=1, max_length=200)
    period_start: dt.date
    period_end: dt.date
    mandate_end: dt.date | None = None


class NodeIn(Strict):
    code: str = Code
    name: str = Field(min_length=1, max_length=300)
    description: str = ""
    weight: Decimal = Field(Decimal("1"), ge=0)
    position: int = Field(0, ge=0, le=32767)


class NodePatch(Strict):
    code: str | None = Field(
        None, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$"
    )
    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = None
    weight: Decimal | None = Field(None, ge=0)
    position: int | None = Field(None, ge=0, le=32767)


class NodeOut(Schema):
    code: str
    name: str
    description: str
    weight: float
    position: int


class InitiativeIn(NodeIn):
    owner: str = Field("", max_length=120)
    responsible: str | None = Field(None, description="username of a staff member")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_planned: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    budget_executed: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    status: InitiativeStatus = "planned"
    municipalities: list[str] = []


class InitiativePatch(NodePatch):
    owner: str | None = Field(None, max_length=120)
    responsible: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_planned: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    budget_executed: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    status: InitiativeStatus | None = None
    municipalities: list[str] | None = None


class InitiativeOut(NodeOut):
    action_line: str
    owner: str
    responsible: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    budget_planned: Decimal
    budget_executed: Decimal
    status: str
    municipalities: list[str]


def explanation_out(node: Any) -> dict[str, Any]:
    return {"pulled_down_by": node.explanation, "without_data": node.without_data}
