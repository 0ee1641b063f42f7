"""Governance API: agreements and their follow-up (staff and Board)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from localret.core.api import AUTH, ProblemSchema, paginate, require

from . import permissions, selectors
from .models import Agreement

router = Router(tags=["governance"])


class FollowUpOut(Schema):
    id: int
    task: str
    responsible: str | None
    due_date: dt.date
    status: str
    overdue: bool


class AgreementOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    body: str
    meeting_date: dt.date
    result: str
    votes_for: int
    votes_against: int
    abstentions: int
    is_public: bool
    plan: str | None
    follow_ups: list[FollowUpOut]
    overdue: bool


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]


class AgreementFilters(Schema):
    overdue: bool | None = None
    search: str = ""
    limit: int = 100
    offset: int = 0


def agreement_out(agreement: Agreement, today: dt.date) -> dict:
    follow_ups = [
        {
            "id": f.pk,
            "task": f.title,
            "responsible": str(f.responsible) if f.responsible else None,
            "due_date": f.due_date,
            "status": f.status,
            "overdue": f.is_overdue(today),
        }
        for f in agreement.follow_ups.all()
    ]
    return {
        "id": agreement.pk,
        "number": agreement.number,
        "title": agreement.title,
        "kind": agreement.kind,
        "body": agreement.meeting.body.name,
        "meeting_date": agreement.meeting.date,
        "result": agreement.result,
        "votes_for": agreement.votes_for,
        "votes_against": agreement.votes_against,
        "abstentions": agreement.abstentions,
        "is_public": agreement.is_public,
        "plan": agreement.plan.slug if agreement.plan else None,
        "follow_ups": follow_ups,
        "overdue": any(f["overdue"] for f in follow_ups),
    }


@router.get(
    "/governance/agreements",
    response={200: AgreementPage, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema},
    auth=AUTH,
    summary="Agreements with their follow-up (staff and Board); overdue=true: open tasks past due",
)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilters]) -> dict:
    require(permissions.can_view_governance(request.auth))  # type: ignore[attr-defined]
    today = timezone.localdate()
    qs = selectors.agreements(overdue=filters.overdue, today=today, search=filters.search)
    count, page = paginate(qs, filters.limit, filters.offset)
    return {"count": count, "items": [agreement_out(a, today) for a in page]}


@router.get(
    "/governance/agreements/{agreement_id}",
    response={200: AgreementOut, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    auth=AUTH,
    summary="One agreement with its follow-up (staff and Board)",
)
def get_agreement(request: HttpRequest, agreement_id: int) -> dict:
    require(permissions.can_view_governance(request.auth))  # type: ignore[attr-defined]
    agreement = selectors.agreement_get(agreement_id)
    if agreement is None:
        raise Http404
    return agreement_out(agreement, timezone.localdate())
