"""A home for every role after log-in (issue 15): `/inici/` sends each user where their work is.

- municipal users: "El meu municipi", their municipality's page with every app's block
  (maturity with peers, roadmap and projects, connectivity, pilots, plan measurements);
- Localret staff: their work (overdue follow-ups of agreements, assessments to review,
  indicators without a recent measurement, report jobs running);
- Board members: the plans at a glance and the next Board meeting;
- anonymous visitors: the transparency home.

Reporting is the top layer, so it may read every app (through their selectors)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

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
    if roles.is_staff_member(user):
        return _staff_home(request)
    if roles.is_board(user):
        return _board_home(request)
    return redirect("core:home")


def my_municipality(request: HttpRequest, code: str, others: list[str]) -> HttpResponse:
    from localret.governance import interface as governance
    from localret.maturity import interface as maturity
    from localret.territory import interface as territory
    from localret.territory.interface import municipality_sections

    municipality = territory.municipality_get(code)
    if municipality is None:
        return redirect("core:home")
    return render(
        request,
        "reporting/home_municipality.html",
        {
            "municipality": municipality,
            "sections": municipality_sections(request, municipality),
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


def _board_home(request: HttpRequest) -> HttpResponse:
    from localret.governance.interface import Body, Meeting
    from localret.strategy.interface import Plan

    today = timezone.localdate()
    next_meeting = (
        Meeting.objects.filter(body__kind=Body.Kind.BOARD, date__gte=today).order_by("date").first()
    )
    last_meeting = (
        Meeting.objects.filter(body__kind=Body.Kind.BOARD, date__lt=today).order_by("-date").first()
    )
    plans = list(Plan.objects.exclude(status="draft").order_by("-period_start")[:3])
    return render(
        request,
        "reporting/home_board.html",
        {"plans": plans, "next_meeting": next_meeting, "last_meeting": last_meeting},
    )
