"""A municipality's digital maturity at a glance, as plain data ("El meu municipi", reporting's
home): its latest validated result against its peers of the population band, the next steps of
its roadmap and its accompaniment projects with their next milestone, and the services it
adheres to. Internal: the caller checks the reader may see the municipality's results
(``permissions.can_view_results``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch

from ..models import Milestone, Project, Roadmap, RoadmapItem
from .accompaniment import services_of
from .aggregates import min_group
from .assessments import municipality_results

#: Roadmap items still to do, in the order they come next: agreed before proposed.
_OPEN_ITEMS = (RoadmapItem.Status.AGREED, RoadmapItem.Status.PROPOSED)


def peer_comparison(municipality_code: str) -> dict[str, Any] | None:
    """The latest validated result (campaign, level, score, points to the next level) and how
    it compares with the municipalities of its population band in the same campaign: their
    number, the band's median score, the municipality's position (1 = highest score; ties share
    a position) and its percentile. The band's figures are left out (``comparable`` False) when
    the band has fewer municipalities than the disclosure minimum (``min_group``), so that no
    other town hall's score can be read from them. None without a validated result."""
    results = municipality_results(municipality_code)
    if results is None:
        return None
    band = results["medians"]["band"]
    comparable = band["count"] >= min_group()
    own = round(results["overall"], 1)
    higher = sum(1 for score in results["anonymous_band_scores"] if score > own)
    return {
        "campaign": results["campaign"].name,
        "is_demo": bool(results["assessment"].is_demo),
        "level": results["level"],
        "overall": results["overall"],
        "gap": results["gap"],
        "band": results["band"],
        "band_label": results["band_label"],
        "comparable": comparable,
        "peers": band["count"] if comparable else None,
        "median": band["overall"] if comparable else None,
        "position": higher + 1 if comparable else None,
        "percentile": results["percentile"] if comparable else None,
    }


def roadmap_next_steps(
    municipality_code: str, *, today: dt.date, limit: int = 5
) -> dict[str, Any] | None:
    """The latest roadmap's items still to do, in the order they come next (agreed before
    proposed, then by target date, undated last, then by priority), the first ``limit`` of
    them, with the roadmap's counts. None without a roadmap. Two queries."""
    roadmap = (
        Roadmap.objects.filter(municipality__code=municipality_code)
        .select_related("assessment__campaign")
        .order_by("-created_at")
        .first()
    )
    if roadmap is None:
        return None
    items = list(RoadmapItem.objects.filter(roadmap=roadmap).select_related("indicator"))
    pending = sorted(
        (i for i in items if i.status in _OPEN_ITEMS),
        key=lambda i: (
            _OPEN_ITEMS.index(i.status),
            i.target_date is None,
            i.target_date or dt.date.min,
            i.priority,
        ),
    )
    return {
        "campaign": roadmap.assessment.campaign.name,
        "is_demo": roadmap.is_demo,
        "items": len(items),
        "done": sum(1 for i in items if i.status == RoadmapItem.Status.DONE),
        "pending": len(pending),
        "steps": [
            {
                "code": i.indicator.code,
                "name": i.indicator.name,
                "priority": i.priority,
                "status": i.status,
                "status_label": str(RoadmapItem.Status(i.status).label),
                "target_date": i.target_date,
                "overdue": i.target_date is not None and i.target_date < today,
            }
            for i in pending[:limit]
        ],
    }


def projects_next_steps(municipality_code: str, *, today: dt.date) -> list[dict[str, Any]]:
    """The municipality's accompaniment projects (planned and in progress first, then the
    others; newest first within each), each with its next step: the first milestone not done
    (by due date), or None when every milestone is done or the project is closed. Two queries."""
    projects = (
        Project.objects.filter(municipalities__code=municipality_code)
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk"))
        )
        .order_by("-start_date", "name")
    )
    current = (Project.Status.PLANNED, Project.Status.ACTIVE)
    out = []
    for p in projects:
        step = None
        if p.status in current:
            step = next((m for m in p.milestones.all() if m.done_on is None), None)
        out.append(
            {
                "id": p.pk,
                "name": p.name,
                "status": p.status,
                "status_label": str(p.get_status_display()),
                "end_date": p.end_date,
                "completed_on": p.completed_on,
                "next_step": None
                if step is None
                else {
                    "name": step.name,
                    "due_date": step.due_date,
                    "overdue": step.due_date < today,
                },
            }
        )
    out.sort(key=lambda p: p["status"] not in current)  # stable: newest first within each
    return out


def municipality_overview(municipality_code: str, *, today: dt.date) -> dict[str, Any]:
    """Everything above for one municipality: ``results`` (:func:`peer_comparison`),
    ``roadmap`` (:func:`roadmap_next_steps`), ``projects`` (:func:`projects_next_steps`) and
    ``services`` (the services it adheres to: ``[{"name", "since"}]``)."""
    return {
        "results": peer_comparison(municipality_code),
        "roadmap": roadmap_next_steps(municipality_code, today=today),
        "projects": projects_next_steps(municipality_code, today=today),
        "services": [
            {"name": a.service.name, "since": a.since} for a in services_of(municipality_code)
        ],
    }
