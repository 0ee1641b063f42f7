"""Governance API: agreements and their follow-up (staff and Board)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from localret.core.api import AUTH, Pagination, Problem, ProblemSchema, allowed, paginate, require

from . import permissions, selectors, services
from .models import Agreement, FollowUp, Meeting

router = Router(tags=["governance"])

# Who may call a write, checked before the body is read (core.api.allowed): a refused user
# gets 403 whatever they send.
EDITORS = allowed(lambda user, **_: permissions.can_edit_governance(user))
RESPONSIBLE = allowed(
    lambda user, follow_up_id, **_: permissions.may_update_follow_up(user, follow_up_id)
)


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


class AgreementFilters(Pagination):
    overdue: bool | None = None
    search: str = ""


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


class AgreementIn(Schema):
    meeting: int
    number: str
    title: str
    text: str
    kind: str = "general"
    votes_for: int
    votes_against: int = 0
    abstentions: int = 0
    is_public: bool = False
    plan: str | None = None
    objectives: list[str] = []
    action_lines: list[str] = []
    municipalities: list[str] = []


class FollowUpIn(Schema):
    title: str
    due_date: dt.date
    responsible: str | None = None  # username


class FollowUpPatch(Schema):
    status: str


@router.post(
    "/governance/agreements",
    response={201: AgreementOut, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema},
    auth=EDITORS,
    summary="Record an agreement of a meeting (staff). A passed Board agreement of kind "
    "plan_approval / plan_closure approves / closes the plan",
)
def create_agreement(request: HttpRequest, payload: AgreementIn) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    require(permissions.can_edit_governance(user))
    from localret.territory.interface import Municipality

    errors = []
    meeting = Meeting.objects.select_related("body").filter(pk=payload.meeting).first()
    if meeting is None:
        errors.append({"field": "meeting", "message": "unknown meeting"})
    if payload.kind not in Agreement.Kind.values:
        errors.append({"field": "kind", "message": f"must be one of {Agreement.Kind.values}"})
    plan = selectors.plan_get(payload.plan) if payload.plan else None
    if payload.plan and plan is None:
        errors.append({"field": "plan", "message": "unknown plan"})
    if Agreement.objects.filter(number=payload.number).exists():
        errors.append({"field": "number", "message": "an agreement with this number exists"})
    objectives = list(plan.objectives.filter(code__in=payload.objectives)) if plan else []
    lines = (
        [
            a
            for o in plan.objectives.prefetch_related("action_lines")
            for a in o.action_lines.all()
            if a.code in payload.action_lines
        ]
        if plan
        else []
    )
    if (payload.objectives or payload.action_lines) and plan is None:
        errors.append({"field": "plan", "message": "plan elements need the plan"})
    munis = list(Municipality.objects.filter(code__in=payload.municipalities))
    if len(munis) != len(set(payload.municipalities)):
        errors.append({"field": "municipalities", "message": "unknown municipality code"})
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    assert meeting is not None  # noqa: S101 - narrows the type; always true here
    agreement = services.agreement_record(
        meeting=meeting,
        number=payload.number,
        title=payload.title,
        text=payload.text,
        kind=payload.kind,
        votes_for=payload.votes_for,
        votes_against=payload.votes_against,
        abstentions=payload.abstentions,
        is_public=payload.is_public,
        plan=plan,
        objectives=objectives,
        action_lines=lines,
        municipalities=munis,
        by=user,
    )
    return 201, agreement_out(selectors.agreement_get(agreement.pk), timezone.localdate())  # type: ignore[arg-type]


@router.post(
    "/governance/agreements/{agreement_id}/follow-ups",
    response={
        201: FollowUpOut,
        401: ProblemSchema,
        403: ProblemSchema,
        404: ProblemSchema,
        422: ProblemSchema,
    },
    auth=EDITORS,
    summary="Add a follow-up task to an agreement (staff)",
)
def create_follow_up(
    request: HttpRequest, agreement_id: int, payload: FollowUpIn
) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    require(permissions.can_edit_governance(user))
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    responsible = None
    if payload.responsible:
        from localret.accounts.interface import User

        responsible = User.objects.filter(username=payload.responsible, is_active=True).first()
        if responsible is None:
            raise Problem(
                422, "Invalid input", errors=[{"field": "responsible", "message": "unknown user"}]
            )
    f = services.follow_up_create(
        agreement=agreement,
        title=payload.title,
        due_date=payload.due_date,
        responsible=responsible,
        by=user,
    )
    return 201, _follow_up_out(f)


def _follow_up_out(f: FollowUp) -> dict:
    return {
        "id": f.pk,
        "task": f.title,
        "responsible": str(f.responsible) if f.responsible else None,
        "due_date": f.due_date,
        "status": f.status,
        "overdue": f.is_overdue(timezone.localdate()),
    }


@router.patch(
    "/governance/follow-ups/{follow_up_id}",
    response={
        200: FollowUpOut,
        401: ProblemSchema,
        403: ProblemSchema,
        404: ProblemSchema,
        422: ProblemSchema,
    },
    auth=allowed(
        lambda user, follow_up_id, **_: permissions.may_update_follow_up(user, follow_up_id)
    ),
    summary="Change a follow-up task's status (staff, or the user responsible for it)",
)
def patch_follow_up(request: HttpRequest, follow_up_id: int, payload: FollowUpPatch) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    f = FollowUp.objects.select_related("responsible").filter(pk=follow_up_id).first()
    if f is None:
        raise Http404
    require(permissions.can_update_follow_up(user, f))
    services.follow_up_set_status(
        follow_up=f, status=payload.status, by=user, today=timezone.localdate()
    )
    return _follow_up_out(f)


class MeetingIn(Schema):
    body: str  # body code
    date: dt.date
    title: str
    agenda: list[str] = []
    location: str = ""
    call: int = 1


class AttendanceIn(Schema):
    present: list[int]  # member ids


class QuorumOut(Schema):
    met: bool
    present: int
    members: int
    required: int
    reason: str


class MemberOut(Schema):
    id: int
    person: str
    entity: str
    role: str
    present: bool | None


class MeetingOut(Schema):
    id: int
    body: str
    date: dt.date
    title: str
    call: int
    agenda: list[str]
    attendance: list[MemberOut]
    quorum: QuorumOut | None
    agreements: list[str]
    has_minutes: bool


def meeting_out(meeting: Meeting) -> dict:
    meeting = selectors.meeting_detail(meeting.pk)  # type: ignore[assignment]
    present = {a.member_id: a.present for a in meeting.attendance.all()}
    members = selectors.members_on(meeting.body, meeting.date)
    quorum = selectors.meeting_quorum(meeting)
    return {
        "id": meeting.pk,
        "body": meeting.body.code,
        "date": meeting.date,
        "title": meeting.title,
        "call": meeting.call,
        "agenda": [i.title for i in meeting.agenda_items.all()],
        "attendance": [
            {
                "id": m.pk,
                "person": m.person_name,
                "entity": m.entity.name,
                "role": m.role,
                "present": present.get(m.pk),
            }
            for m in members
        ],
        "quorum": quorum.__dict__ if quorum else None,
        "agreements": [a.number for a in meeting.agreements.all()],
        "has_minutes": bool(meeting.minutes),
    }


@router.post(
    "/governance/meetings",
    response={201: MeetingOut, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema},
    auth=EDITORS,
    summary="Convene a meeting of a body with its agenda (staff)",
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    require(permissions.can_edit_governance(user))
    from .models import Body

    body = Body.objects.filter(code=payload.body).first()
    errors = []
    if body is None:
        errors.append({"field": "body", "message": "unknown body"})
    if payload.call not in Meeting.Call.values:
        errors.append({"field": "call", "message": "must be 1 or 2"})
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    assert body is not None  # noqa: S101 - narrows the type; always true here
    meeting = services.meeting_create(
        body=body,
        date=payload.date,
        title=payload.title,
        agenda=payload.agenda,
        location=payload.location,
        call=payload.call,
        by=user,
    )
    return 201, meeting_out(meeting)


@router.get(
    "/governance/meetings/{meeting_id}",
    response={200: MeetingOut, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    auth=AUTH,
    summary="One meeting with agenda, attendance and quorum (staff and Board)",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict:
    require(permissions.can_view_governance(request.auth))  # type: ignore[attr-defined]
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting_out(meeting)


@router.put(
    "/governance/meetings/{meeting_id}/attendance",
    response={
        200: MeetingOut,
        401: ProblemSchema,
        403: ProblemSchema,
        404: ProblemSchema,
        422: ProblemSchema,
    },
    auth=EDITORS,
    summary="Record who attended a meeting (staff); answers the quorum",
)
def put_attendance(request: HttpRequest, meeting_id: int, payload: AttendanceIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    require(permissions.can_edit_governance(user))
    from .models import Member

    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    present = list(Member.objects.filter(pk__in=payload.present))
    if len(present) != len(set(payload.present)):
        raise Problem(
            422, "Invalid input", errors=[{"field": "present", "message": "unknown member id"}]
        )
    services.attendance_record(meeting=meeting, present=present, by=user)
    return meeting_out(meeting)
