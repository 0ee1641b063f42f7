"""Reads of the diagnosis, with their joins made."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from .models import Finding, Stakeholder


def plan_get(slug: str) -> Any:
    from localret.strategy.interface import Plan

    return Plan.objects.filter(slug=slug).first()


def _action_lines_prefetch() -> Prefetch[Any]:
    from localret.strategy.interface import ActionLine

    return Prefetch("action_lines", queryset=ActionLine.objects.order_by("code"))


def finding_list(plan: Any, *, framework: str = "", category: str = "") -> QuerySet[Finding]:
    qs = Finding.objects.filter(plan=plan).prefetch_related(_action_lines_prefetch())
    if framework == "swot":
        qs = qs.filter(category__in=Finding.SWOT)
    elif framework == "pestel":
        qs = qs.filter(category__in=Finding.PESTEL)
    if category:
        qs = qs.filter(category=category)
    return qs


def finding_get(plan: Any, pk: int) -> Finding | None:
    return finding_list(plan).filter(pk=pk).first()


def stakeholder_list(plan: Any) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(plan=plan).prefetch_related(_action_lines_prefetch())


def stakeholder_get(plan: Any, pk: int) -> Stakeholder | None:
    return stakeholder_list(plan).filter(pk=pk).first()


def grouped_findings(plan: Any) -> dict[str, list[Finding]]:
    """Category -> findings, every category present (empty lists included), in model order."""
    groups: dict[str, list[Finding]] = {c: [] for c in Finding.Category.values}
    for finding in finding_list(plan):
        groups[finding.category].append(finding)
    return groups


def findings_for_element(plan: Any, key: str) -> list[Finding]:
    """Findings that motivate an element: an action line, or any action line of an objective,
    or the action line an initiative or indicator belongs to (by code in the plan)."""
    etype, _, code = key.partition(":")
    qs = Finding.objects.filter(plan=plan)
    if etype == "action_line":
        qs = qs.filter(action_lines__code=code, action_lines__objective__plan=plan)
    elif etype == "objective":
        qs = qs.filter(action_lines__objective__code=code, action_lines__objective__plan=plan)
    elif etype == "initiative":
        qs = qs.filter(action_lines__initiatives__code=code, action_lines__objective__plan=plan)
    elif etype == "indicator":
        qs = qs.filter(
            Q(action_lines__indicators__code=code)
            | Q(action_lines__initiatives__indicators__code=code)
        )
    else:
        return []
    return list(qs.distinct().order_by("category", "pk"))


def stakeholder_chart(plan: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": s.name,
            "interest": s.interest,
            "influence": s.influence,
            "scope": s.scope,
            "sector": s.sector,
        }
        for s in Stakeholder.objects.filter(plan=plan).only(
            "name", "interest", "influence", "scope", "sector"
        )
    ]
