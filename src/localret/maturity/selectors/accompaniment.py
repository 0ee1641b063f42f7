"""Reads of the accompaniment: service catalogue, adhesions and projects."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, Q

from ..models import Adhesion, Milestone, Project, ProjectDocument, RoadmapItem, Service

# --- Services, adhesions, projects ---------------------------------------------------------


def service_catalogue() -> list[Service]:
    return list(
        Service.objects.filter(is_active=True)
        .select_related("action_line")
        .prefetch_related("indicators")
        .order_by("category", "name")
    )


def project_documents_of(municipality_code: str, *, limit: int = 20) -> list[ProjectDocument]:
    """The documents of the projects a municipality takes part in, newest first (its users,
    staff and the Board may read them: ``permissions.can_view_project``). One query."""
    return list(
        ProjectDocument.objects.filter(project__municipalities__code=municipality_code)
        .select_related("project")
        .order_by("-uploaded_at", "-pk")
        .distinct()[:limit]
    )


def _in_force(as_of: dt.date | None) -> Q:
    if as_of is None:
        return Q(until__isnull=True)
    return Q(since__lte=as_of) & (Q(until__isnull=True) | Q(until__gt=as_of))


def adhesion_counts(as_of: dt.date | None = None) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for code in Adhesion.objects.filter(_in_force(as_of)).values_list("service__code", flat=True):
        counts[code] += 1
    return dict(counts)


def adhesions_by_municipality(
    as_of: dt.date | None = None, service: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """See the module docstring. One query."""
    qs = Adhesion.objects.filter(_in_force(as_of))
    if service:
        qs = qs.filter(service__code=service)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for code, s_code, s_name, category, since, until in qs.values_list(
        "municipality__code",
        "service__code",
        "service__name",
        "service__category",
        "since",
        "until",
    ).order_by("municipality__code", "service__name"):
        out[code].append(
            {
                "service": s_code,
                "service_name": s_name,
                "category": category,
                "since": since,
                "until": until,
            }
        )
    return dict(out)


def projects_by_municipality(
    as_of: dt.date | None = None, status: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """See the module docstring. One query."""
    qs = Project.municipalities.through.objects.select_related("project", "municipality")
    if as_of is not None:
        qs = qs.filter(project__start_date__lte=as_of)
    if status:
        qs = qs.filter(project__status=status)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in qs.order_by("municipality__code", "project__start_date"):
        p = link.project
        out[link.municipality.code].append(
            {
                "id": p.pk,
                "name": p.name,
                "status": p.status,
                "status_label": str(p.get_status_display()),
                "start_date": p.start_date,
                "end_date": p.end_date,
                "completed_on": p.completed_on,
            }
        )
    return dict(out)


def projects_board(today: dt.date, status: str = "") -> list[Project]:
    """Every project with its municipalities, technician and milestones; each gets
    ``overdue`` (milestones past due and not done)."""
    qs = Project.objects.select_related("technician").prefetch_related(
        "municipalities", Prefetch("milestones", queryset=Milestone.objects.order_by("due_date"))
    )
    if status:
        qs = qs.filter(status=status)
    projects = list(qs.order_by("status", "start_date"))
    for p in projects:
        p.overdue = [  # type: ignore[attr-defined]
            m for m in p.milestones.all() if m.done_on is None and m.due_date < today
        ]
    return projects


def project_get(pk: int) -> Project | None:
    return (
        Project.objects.select_related("technician")
        .prefetch_related(
            "municipalities",
            "milestones",
            "documents",
            Prefetch("items", queryset=RoadmapItem.objects.select_related("indicator")),
        )
        .filter(pk=pk)
        .first()
    )


def projects_of(municipality_code: str) -> list[Project]:
    return list(
        Project.objects.filter(municipalities__code=municipality_code)
        .prefetch_related("milestones")
        .order_by("-start_date")
    )


def services_of(municipality_code: str) -> list[Adhesion]:
    return list(
        Adhesion.objects.filter(municipality__code=municipality_code, until__isnull=True)
        .select_related("service")
        .order_by("service__name")
    )
