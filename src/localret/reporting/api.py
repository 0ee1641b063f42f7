"""Reporting API: the territorial-balance index (public aggregates)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from localret.core.api import Problem, ProblemSchema

from . import territorial

router = Router(tags=["reporting"])


class BalanceItem(Schema):
    code: str
    name: str
    population: int
    effort_share: float
    reference: float | None
    reference_share: float | None
    ratio: float | None
    components: dict[str, float]


class BalanceOut(Schema):
    level: str
    year: int | None
    basis: str
    theil: float | None
    gini: float | None
    theil_between_vegueries: float | None
    theil_max: float | None
    components: list[str]
    items: list[BalanceItem]


class BalanceFilters(Schema):
    level: str = "comarca"
    year: int | None = None
    basis: str = "population"


@router.get(
    "/territorial-balance",
    response={200: BalanceOut, 422: ProblemSchema},
    auth=None,
    summary="Territorial balance of Localret's effort: Theil and Gini per comarca or vegueria "
    "(public)",
)
def territorial_balance(request: HttpRequest, filters: Query[BalanceFilters]) -> dict:
    errors = []
    if filters.level not in territorial.LEVELS:
        errors.append({"field": "level", "message": "must be comarca or vegueria"})
    if filters.basis not in territorial.BASES:
        errors.append({"field": "basis", "message": f"must be one of {territorial.BASES}"})
    if filters.year is not None and not 2000 <= filters.year <= 2100:
        errors.append({"field": "year", "message": "must be a year"})
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    return territorial.compute(
        level=filters.level, year=filters.year, basis=filters.basis, as_of=timezone.localdate()
    )
