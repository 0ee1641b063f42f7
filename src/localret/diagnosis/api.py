"""Diagnosis API (read): findings and stakeholders of a plan. Staff and Board only."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from localret.core.api import AUTH, Problem, ProblemSchema, paginate, require

from . import permissions, selectors
from .models import Finding

router = Router(tags=["diagnosis"])

ERRORS: dict[int, Any] = {
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    422: ProblemSchema,
}


class FindingOut(Schema):
    id: int
    framework: str
    category: str
    title: str
    description: str
    source: str
    action_lines: list[str]
    is_demo: bool


class FindingPage(Schema):
    count: int
    items: list[FindingOut]


class StakeholderOut(Schema):
    id: int
    name: str
    scope: str
    sector: str
    interest: int
    influence: int
    quadrant: str
    source: str
    notes: str
    action_lines: list[str]
    is_demo: bool


class StakeholderPage(Schema):
    count: int
    items: list[StakeholderOut]


class FindingFilters(Schema):
    framework: str = ""
    category: str = ""
    limit: int = 200
    offset: int = 0


class PageFilters(Schema):
    limit: int = 200
    offset: int = 0


def _plan(request: HttpRequest, slug: str) -> Any:
    require(permissions.can_view_diagnosis(request.user))
    plan = selectors.plan_get(slug)
    if plan is None:
        raise Http404(f"No plan {slug}")
    return plan


@router.get(
    "/plans/{slug}/diagnosis/findings",
    response={200: FindingPage, **ERRORS},
    auth=AUTH,
    summary="SWOT and PESTEL findings of a plan's diagnosis (staff and Board)",
)
def list_findings(request: HttpRequest, slug: str, filters: Query[FindingFilters]) -> dict:
    plan = _plan(request, slug)
    errors = []
    if filters.framework not in ("", "swot", "pestel"):
        errors.append({"field": "framework", "message": "must be swot or pestel"})
    if filters.category and filters.category not in Finding.Category.values:
        errors.append(
            {"field": "category", "message": f"must be one of {', '.join(Finding.Category.values)}"}
        )
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    qs = selectors.finding_list(plan, framework=filters.framework, category=filters.category)
    count, page = paginate(qs, filters.limit, filters.offset)
    return {
        "count": count,
        "items": [
            {
                "id": f.pk,
                "framework": f.framework,
                "category": f.category,
                "title": f.title,
                "description": f.description,
                "source": f.source,
                "action_lines": [a.code for a in f.action_lines.all()],
                "is_demo": f.is_demo,
            }
            for f in page
        ],
    }


@router.get(
    "/plans/{slug}/diagnosis/stakeholders",
    response={200: StakeholderPage, **ERRORS},
    auth=AUTH,
    summary="Stakeholder map of a plan's diagnosis (staff and Board)",
)
def list_stakeholders(request: HttpRequest, slug: str, filters: Query[PageFilters]) -> dict:
    plan = _plan(request, slug)
    count, page = paginate(selectors.stakeholder_list(plan), filters.limit, filters.offset)
    return {
        "count": count,
        "items": [
            {
                "id": s.pk,
                "name": s.name,
                "scope": s.scope,
                "sector": s.sector,
                "interest": s.interest,
                "influence": s.influence,
                "quadrant": s.quadrant,
                "source": s.source,
                "notes": s.notes,
                "action_lines": [a.code for a in s.action_lines.all()],
                "is_demo": s.is_demo,
            }
            for s in page
        ],
    }
