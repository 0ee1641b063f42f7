from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class PilotItem(Schema):
    id: int
    name: str
    stage: str
    municipalities: list[str] = Field(description="INE codes of the participating municipalities")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    is_demo: bool = False


class PilotPage(Schema):
    count: int
    items: list[PilotItem]


class CriterionOut(Schema):
    id: int
    metric: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str


class ResultOut(Schema):
    criterion: int
    municipality: str
    value: Decimal
    met: bool
    note: str = ""


class EvaluationOut(Schema):
    id: int
    started_on: dt.date
    summary: str
    decision: str
    reasons: str
    lessons: str
    decided_on: dt.date | None
    worked_in: list[str]
    results: list[ResultOut]


class PilotOut(PilotItem):
    challenge: str
    solution: str
    budget: Decimal | None
    partners: list[str]
    action_line: str | None = Field(None, description="Code of the plan's action line")
    is_public: bool
    criteria: list[CriterionOut]
    evaluations: list[EvaluationOut]


class PilotIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    challenge: str = Field(..., min_length=1)
    solution: str = Field(..., min_length=1)
    municipalities: list[str] = []
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    partners: list[str] = []
    action_line: int | None = Field(None, description="Id of the plan's action line")
    is_public: bool = True
    idea: int | None = None


class PilotPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    challenge: str | None = Field(None, min_length=1)
    solution: str | None = Field(None, min_length=1)
    municipalities: list[str] | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    partners: list[str] | None = None
    action_line: int | None = None
    is_public: bool | None = None


class StageIn(Schema):
    stage: str


class CriterionIn(Schema):
    metric: str = Field(..., min_length=1, max_length=200)
    unit: str = Field("", max_length=40)
    baseline: Decimal = Field(..., max_digits=14, decimal_places=3)
    target: Decimal = Field(..., max_digits=14, decimal_places=3)
    direction: str = "increase"


class ResultIn(Schema):
    criterion: int
    municipality: str
    value: Decimal = Field(..., max_digits=14, decimal_places=3)
    note: str = Field("", max_length=300)


class ResultsIn(Schema):
    results: list[ResultIn]


class DecisionIn(Schema):
    decision: str
    reasons: str
    lessons: str | None = None


class EvaluationPatch(Schema):
    summary: str | None = None
    lessons: str | None = None


class RecommendationOut(Schema):
    municipality: str
    name: str
    score: float = Field(..., description="Similarity in (0, 1] to the nearest seed")
    nearest: str = Field(..., description="Code of the most similar municipality where it worked")
    reasons: list[str]
    offer_status: str = ""


class ReplicationOut(Schema):
    pilot: int
    basis: str = Field(
        ...,
        description="worked: seeds are where every criterion was met; participants: no "
        "evaluation result yet (or it worked nowhere), seeds are all participants",
    )
    seeds: list[str]
    features: list[str]
    notes: list[str]
    items: list[RecommendationOut]


class OfferIn(Schema):
    municipality: str
    notes: str = ""


class OfferPatch(Schema):
    status: str
    notes: str | None = None


class OfferOut(Schema):
    id: int
    pilot: int
    municipality: str
    status: str
    score: Decimal | None
    reasons: str
    offered_on: dt.date
    responded_on: dt.date | None
    adopted_on: dt.date | None


class IdeaIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    municipality: str | None = None


class IdeaOut(Schema):
    id: int
    title: str
    description: str
    source: str
    municipality: str | None
    status: str
    created_at: dt.datetime
