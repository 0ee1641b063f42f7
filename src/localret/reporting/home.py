"""A home for every role after log-in (issue 15): `/inici/` sends each user where their work is.

- municipal users: "El meu municipi", their municipality's page: its digital maturity against
  the municipalities of its population band, its roadmap's next steps and its projects with
  their next milestone (maturity's overview), then every other app's block (connectivity,
  pilots, plan measurements, requests) and its documents;
- Localret staff and administrators: their work (overdue follow-ups of agreements,
  assessments to review, indicators without a recent measurement, background jobs running);
- Board members: the plans in force at a glance (progress, status, indicators per status,
  objectives) and the next Board meeting's papers (or, when none is scheduled, the last one);
- collaborators: the plan consultations they are invited to (what they may use);
- a municipal user not linked to any municipality yet, and anonymous visitors: the
  transparency home.

Reporting is the top layer, so it may read every app (through their interfaces)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from localret.accounts.interface import roles

from . import services
from .models import ReportJob

STALE_MEASUREMENT = dt.timedelta(days=200)


def home_for(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("reporting:transparency")
    if roles.is_municipal(user):
        codes = sorted(roles.municipality_codes(user))
        if codes:
            return my_municipality(request, codes[0], others=codes[1:])
        messages.info(
            request,
            _(
                "Your account is not linked to any municipality yet: ask Localret to add you to "
                "your town hall."
            ),
        )
        return redirect("reporting:transparency")
    if roles.is_staff_member(user):
        return _staff_home(request)
    if roles.is_board(user):
        return _board_home(request)
    if roles.is_collaborator(user):
        return redirect("participation:consultation_list")
    return redirect("reporting:transparency")


def my_municipality(request: HttpRequest, code: str, others: list[str]) -> HttpResponse:
    """A municipality's own users (``code`` is one of theirs: ``home_for`` takes it from their
    memberships, never from the request)."""
    from localret.governance import interface as governance
    from localret.maturity import interface as maturity
    from localret.territory import interface as territory

    municipality = territory.municipality_get(code)
    if municipality is None:
        return redirect("reporting:transparency")
    return render(
        request,
        "reporting/home_municipality.html",
        {
            "municipality": municipality,
            # Maturity is shown here in its own way (peers, next steps), the others as they
            # are on the municipality's page.
            "maturity": maturity.municipality_overview(
                municipality.code, today=timezone.localdate()
            ),
            "sections": territory.municipality_sections(
                request, municipality, exclude=("maturity",)
            ),
            # Documents: those of the town hall's projects (its own users read them) and the
            # Board's public agreements that name it.
            "documents": maturity.project_documents_of(municipality.code),
            "agreements": list(governance.public_agreements(municipality=municipality)[:10]),
            "others": [m for m in (territory.municipality_get(c) for c in others) if m],
        },
    )


def _staff_home(request: HttpRequest) -> HttpResponse:
    from localret.connectivity import interface as connectivity
    from localret.governance import interface as governance
    from localret.maturity import interface as maturity
    from localret.strategy.interface import Indicator

    today = timezone.localdate()
    services.report_jobs_mark_stale()
    stale = (
        Indicator.objects.filter(computed_key="")
        .filter(
            action_line__objective__plan__status="approved",
        )
        .annotate(last=Max("measurements__date"))
        .order_by("last", "code")
    )
    without_recent = [i for i in stale if i.last is None or i.last < today - STALE_MEASUREMENT]
    return render(
        request,
        "reporting/home_staff.html",
        {
            "overdue": list(governance.overdue_follow_ups(today)[:15]),
            "to_review": maturity.review_queue()[:15],
            "without_recent": without_recent[:15],
            "without_recent_count": len(without_recent),
            "jobs": list(
                ReportJob.objects.defer("content").filter(
                    status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]
                )[:15]
            ),
            "planner_jobs": connectivity.planner_jobs_in_progress(15),
            "import_jobs": connectivity.coverage_imports_in_progress(15),
            "today": today,
        },
    )


# --- Board ------------------------------------------------------------------------------------


def _board_home(request: HttpRequest) -> HttpResponse:
    from localret.governance import interface as governance
    from localret.strategy.interface import Plan

    today = timezone.localdate()
    plans = list(Plan.objects.exclude(status=Plan.Status.DRAFT).order_by("-period_start")[:3])
    in_force = [p for p in plans if p.status == Plan.Status.APPROVED]
    glances = [g for g in (_plan_glance(p, today) for p in in_force) if g is not None]
    next_meeting = governance.next_board_meeting(today)
    # The last meeting only when none is scheduled (shown once, with its own papers).
    last_meeting = None if next_meeting else governance.last_board_meeting(today)
    return render(
        request,
        "reporting/home_board.html",
        {
            "glances": glances,
            "earlier": [p for p in plans if p.status != Plan.Status.APPROVED],
            "next_meeting": _meeting_papers(next_meeting) if next_meeting else None,
            "last_meeting": _meeting_papers(last_meeting) if last_meeting else None,
            "report_plans": in_force,
        },
    )


def _plan_glance(plan: Any, today: dt.date) -> dict[str, Any] | None:
    """A plan in force at a glance, from strategy's read model (the snapshot kept per data
    version): progress, expected progress and status of the plan and of each objective, and how
    many indicators are in each status. None when the plan did not exist yet today."""
    from localret.strategy import interface as strategy

    try:
        outline = strategy.plan_outline(plan, today)
        tree = strategy.plan_snapshot(plan, today)
    except strategy.PlanNotFound:
        return None
    # An indicator may sit under an action line and one of its initiatives: counted once.
    indicators = {node.id: node.status for node in tree.nodes() if node.kind == "indicator"}
    counts = Counter(indicators.values())
    return {
        "plan": plan,
        "progress": outline["progress"],
        "expected_progress": outline["expected_progress"],
        "status": outline["status"],
        "objectives": outline["objectives"],
        "indicators": len(indicators),
        "by_status": [
            {"status": s.value, "label": str(s.label), "count": counts[s.value]}
            for s in strategy.ProgressStatus
            if counts[s.value]
        ],
    }


def _meeting_papers(meeting: Any) -> dict[str, Any]:
    """A Board meeting and its papers: agenda, agreements, minutes (governance's read, with its
    agenda and agreements already fetched)."""
    return {
        "pk": meeting.pk,
        "title": _meeting_title(meeting),
        "date": meeting.date,
        "location": meeting.location,
        "agenda": [item.title for item in meeting.agenda_items.all()],
        "agreements": list(meeting.agreements.all()),
        "has_minutes": bool(meeting.minutes),
        "is_demo": meeting.is_demo,
    }


def _meeting_title(meeting: Any) -> str:
    """The meeting's title without the date when it ends with it ("Consell d'Administració,
    15/10/2026"): the page gives the date once, in the reader's format. The body's name when
    nothing else is left."""
    title = meeting.title.strip()
    day = meeting.date
    for written in (f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}", day.isoformat()):
        if title.endswith(written):
            title = title[: -len(written)].rstrip(" ,.·:-–—")
            break
    return title or meeting.body.name
