"""Reads on governing bodies, meetings and agreements. Internal reads (``*_internal``) are for
staff and Board (check ``permissions.can_view_governance`` first); ``public_*`` reads return only
what the public may see (public agreements, no person)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from localret.strategy import interface as strategy

from . import rules
from .models import Agreement, Attendance, Body, FollowUp, Meeting, Member

OPEN = [FollowUp.Status.PENDING, FollowUp.Status.IN_PROGRESS]


def plan_get(slug: str) -> Any | None:
    """The plan an agreement concerns, by its slug, whatever its status (staff record the
    agreement), or None."""
    return strategy.Plan.objects.filter(slug=slug).first()


def members_on(body: Body, day: dt.date) -> list[Member]:
    """Members of a body whose term covers the day."""
    return list(
        Member.objects.select_related("entity")
        .filter(body=body, term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
    )


def meeting_quorum(meeting: Meeting) -> rules.QuorumResult | None:
    """Quorum of a meeting from its attendance (None while no attendance is recorded).
    Voting members only; the chair must attend."""
    rows = list(Attendance.objects.filter(meeting=meeting).select_related("member").order_by("pk"))
    if not rows:
        return None
    voting = [r for r in rows if r.member.votes]
    present = sum(1 for r in voting if r.present)
    chair_rows = [r for r in rows if r.member.role == Member.Role.CHAIR]
    chair_present = any(r.present for r in chair_rows) if chair_rows else True
    return rules.quorum_check(present, len(voting), meeting.call, chair_present)


def bodies() -> QuerySet[Body]:
    return Body.objects.order_by("kind", "name")


def meetings(body: Body | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("body").order_by("-date")
    return qs.filter(body=body) if body is not None else qs


def meeting_detail(pk: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(
            "agenda_items",
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("member__entity").order_by(
                    "member__role", "member__person_name"
                ),
            ),
            Prefetch("agreements", queryset=Agreement.objects.order_by("number")),
        )
        .filter(pk=pk)
        .first()
    )


def agreements(
    *,
    overdue: bool | None = None,
    today: dt.date,
    public_only: bool = False,
    plan: Any = None,
    search: str = "",
) -> QuerySet[Agreement]:
    qs = Agreement.objects.select_related("meeting__body", "plan").prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("responsible"))
    )
    if public_only:
        qs = qs.filter(is_public=True)
    if plan is not None:
        qs = qs.filter(plan=plan)
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(title__icontains=search))
    if overdue is True:
        qs = qs.filter(follow_ups__status__in=OPEN, follow_ups__due_date__lt=today).distinct()
    elif overdue is False:
        qs = qs.exclude(follow_ups__status__in=OPEN, follow_ups__due_date__lt=today)
    return qs.order_by("-meeting__date", "number")


def agreement_get(pk: int) -> Agreement | None:
    return (
        Agreement.objects.select_related("meeting__body", "plan")
        .prefetch_related("follow_ups__responsible", "objectives", "action_lines", "municipalities")
        .filter(pk=pk)
        .first()
    )


def public_agreement_get(pk: int) -> Agreement | None:
    return (
        Agreement.objects.select_related("meeting__body", "plan")
        .prefetch_related("objectives", "action_lines", "municipalities")
        .filter(pk=pk, is_public=True)
        .first()
    )


def overdue_follow_ups(today: dt.date) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.select_related("agreement__meeting__body", "responsible")
        .filter(status__in=OPEN, due_date__lt=today)
        .order_by("due_date", "pk")
    )


def pending_follow_ups(as_of: dt.date) -> list[dict[str, Any]]:
    """Agreements adopted up to ``as_of`` whose follow-up was still open at that date (for the
    Board report): a task counts as open at a date when it was not done by then."""
    rows = (
        FollowUp.objects.select_related("agreement__meeting")
        .filter(agreement__meeting__date__lte=as_of)
        .exclude(status=FollowUp.Status.CANCELLED)
        .filter(Q(done_date__isnull=True) | Q(done_date__gt=as_of))
        .order_by("due_date", "agreement__number", "pk")
    )
    return [
        {
            "agreement": f.agreement.number,
            "agreement_title": f.agreement.title,
            "task": f.title,
            "due_date": f.due_date,
            "overdue": f.due_date < as_of,
            "days_overdue": max(0, (as_of - f.due_date).days),
        }
        for f in rows
    ]


def previous_board_meeting(before: dt.date) -> dt.date | None:
    """Date of the last Board meeting strictly before ``before``."""
    meeting = (
        Meeting.objects.filter(body__kind=Body.Kind.BOARD, date__lt=before)
        .order_by("-date")
        .first()
    )
    return meeting.date if meeting else None


def _board_meetings_with_papers() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(body__kind=Body.Kind.BOARD)
        .select_related("body")
        .prefetch_related(
            "agenda_items", Prefetch("agreements", queryset=Agreement.objects.order_by("number"))
        )
    )


def next_board_meeting(today: dt.date) -> Meeting | None:
    """The next Board meeting on or after ``today`` (the first scheduled), with its agenda and
    agreements (three queries). Staff and Board (``permissions.can_view_governance``)."""
    return _board_meetings_with_papers().filter(date__gte=today).order_by("date", "pk").first()


def last_board_meeting(today: dt.date) -> Meeting | None:
    """The last Board meeting strictly before ``today``, with its agenda and agreements (three
    queries). Staff and Board (``permissions.can_view_governance``)."""
    return _board_meetings_with_papers().filter(date__lt=today).order_by("-date", "-pk").first()


def public_agreements(*, plan: Any = None, municipality: Any = None) -> QuerySet[Agreement]:
    """Agreements the public may see: marked public and adopted. No persons."""
    qs = (
        Agreement.objects.select_related("meeting__body", "plan")
        .filter(is_public=True, result=Agreement.Result.APPROVED)
        .order_by("-meeting__date", "number")
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    if municipality is not None:
        qs = qs.filter(municipalities=municipality)
    return qs
