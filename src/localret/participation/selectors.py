"""Reads for participatory drafting (visibility is checked with permissions.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from localret.accounts.interface import roles

from . import diffing
from .models import Comment, Consultation, PlanVersion, Proposal


def plan_get(slug: str) -> Any:
    from localret.strategy.interface import Plan

    return Plan.objects.filter(slug=slug).first()


def consultation_list(user: Any) -> QuerySet[Consultation]:
    qs = Consultation.objects.select_related("plan").annotate(
        n_proposals=Count("proposals", distinct=True)
    )
    if roles.can_read_internal(user):
        return qs
    if roles.is_collaborator(user):
        return qs.filter(invitations__user=user)
    return qs.none()


def consultation_get(pk: int) -> Consultation | None:
    return Consultation.objects.select_related("plan").filter(pk=pk).first()


def proposals_of(consultation: Consultation) -> list[Proposal]:
    return list(
        consultation.proposals.select_related("author", "decided_by", "resulting_version")
        .annotate(n_supports=Count("supports"))
        .order_by("created_at", "pk")
    )


def comments_of(consultation: Consultation) -> list[Comment]:
    return list(consultation.comments.select_related("author"))


def supported_ids(user: Any, consultation: Consultation) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(consultation.proposals.filter(supports__user=user).values_list("pk", flat=True))


def version_list(plan: Any) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan=plan).select_related("created_by").order_by("number")


def version_get(plan: Any, number: int) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan, number=number).first()


def latest_version(plan: Any) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan).order_by("-number").first()


def version_diff(a: PlanVersion, b: PlanVersion) -> list[diffing.Change]:
    return diffing.diff(a.snapshot, b.snapshot)


def element_trace(plan: Any, key: str) -> dict[str, Any]:
    """What shaped one element: proposals and comments on it (or creating it) and findings."""
    proposals = list(
        Proposal.objects.filter(consultation__plan=plan, element=key)
        .select_related("consultation", "author", "resulting_version")
        .order_by("created_at")
    )
    comments = list(
        Comment.objects.filter(consultation__plan=plan, element=key)
        .select_related("consultation", "author")
        .order_by("created_at")
    )
    from localret.diagnosis.interface import findings_for_element

    return {
        "proposals": proposals,
        "comments": comments,
        "findings": findings_for_element(plan, key),
    }


def versions_with_proposals(plan: Any) -> list[PlanVersion]:
    return list(
        version_list(plan).prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.select_related("author"))
        )
    )


def evaluation(plan: Any) -> dict[str, Any]:
    """What each objective reached against its targets at the end of the plan (strategy's plan
    tree at ``min(period_end, today)``), with the lessons recorded."""
    import datetime as dt

    from localret.strategy import interface as strategy

    from . import evaluation as pure
    from .models import Lesson

    as_of = min(plan.period_end, dt.date.today())
    try:
        tree = strategy.plan_tree(plan, as_of=as_of)
    except strategy.PlanNotFound:  # no audit history back then (e.g. imported later)
        tree = strategy.plan_tree(plan)
        as_of = tree.as_of
    objectives = []
    for node in tree.objectives:
        indicators = []
        for child in node.walk():
            if child.kind != "indicator":
                continue
            ind = child.obj
            indicators.append(
                {
                    "code": child.code,
                    "name": child.name,
                    "unit": getattr(ind, "unit", ""),
                    "baseline": getattr(ind, "baseline_value", None),
                    "target": getattr(ind, "target_value", None),
                    "final": child.current_value,
                    "progress": child.progress,
                    "status": child.status,
                }
            )
        objectives.append(
            {
                "code": node.code,
                "name": node.name,
                "progress": node.progress,
                "status": node.status,
                "action_lines": [
                    {"code": a.code, "name": a.name, "progress": a.progress, "status": a.status}
                    for a in node.action_lines
                ],
                "indicators": indicators,
            }
        )
    summary = pure.summarise(objectives)
    lessons = list(Lesson.objects.filter(plan=plan).select_related("author"))
    by_objective: dict[str, list[Lesson]] = {}
    for lesson in lessons:
        by_objective.setdefault(lesson.objective_code, []).append(lesson)
    for row in summary["objectives"]:
        row["lessons"] = by_objective.get(row["code"], [])
    summary.update(
        {
            "plan": plan,
            "as_of": as_of,
            "progress": tree.progress,
            "status": tree.status,
            "general_lessons": by_objective.get("", []),
        }
    )
    return summary
