"""Writes on governing bodies, meetings, agreements and follow-ups (keyword-only, atomic,
recorded in the audit history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from localret.core import hooks
from localret.core.audit import audited_save
from localret.core.errors import DomainError, Invalid
from localret.strategy import interface as strategy

from . import rules, selectors
from .models import (
    AgendaItem,
    Agreement,
    Attendance,
    Body,
    FollowUp,
    Meeting,
    Member,
    MemberEntity,
)

MAX_MINUTES_BYTES = 20 * 1024 * 1024


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    date: dt.date,
    title: str,
    agenda: Iterable[str] = (),
    location: str = "",
    call: int = rules.FIRST_CALL,
    by: Any,
    is_demo: bool = False,
) -> Meeting:
    meeting = Meeting(
        body=body, date=date, title=title, location=location, call=call, is_demo=is_demo
    )
    audited_save(meeting, by, clean=True)
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=i, title=t) for i, t in enumerate(agenda, 1)]
    )
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, present: Iterable[Member], by: Any) -> None:
    """Record who attended (every active member of the body gets a row: present or not)."""
    present_ids = {m.pk for m in present}
    members = selectors.members_on(meeting.body, meeting.date)
    unknown = present_ids - {m.pk for m in members}
    if unknown:
        raise Invalid(
            _("Some attendees are not members of the body on that date."), field="present"
        )
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member=m, present=m.pk in present_ids) for m in members]
    )


def minutes_upload(*, meeting: Meeting, file: UploadedFile, by: Any) -> Meeting:
    """Attach the minutes: a PDF (checked by its signature), at most 20 MB."""
    if file.size and file.size > MAX_MINUTES_BYTES:
        raise Invalid(_("The minutes file is larger than 20 MB."), field="file")
    head = file.read(5)
    file.seek(0)
    if head != b"%PDF-":
        raise Invalid(_("The minutes must be a PDF file."), field="file")
    meeting.minutes.save("minutes.pdf", file, save=False)  # stored as models.minutes_path
    audited_save(meeting, by, "minutes uploaded", clean=True)
    return meeting


@transaction.atomic
def agreement_record(
    *,
    meeting: Meeting,
    number: str,
    title: str,
    text: str,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
    kind: str = Agreement.Kind.GENERAL,
    is_public: bool = False,
    plan: Any = None,
    objectives: Iterable[Any] = (),
    action_lines: Iterable[Any] = (),
    municipalities: Iterable[Any] = (),
    by: Any,
    is_demo: bool = False,
) -> Agreement:
    """Record an agreement of a meeting. A Board agreement of kind plan approval or plan
    closure also approves or closes the plan through strategy's service: this is the only
    path by which a plan becomes approved or closed."""
    quorum = selectors.meeting_quorum(meeting)
    if quorum is not None and not quorum.met:
        raise Invalid(_("The meeting has no quorum: it cannot adopt agreements."))
    passed = rules.vote_passes(votes_for, votes_against, abstentions)
    plan_kinds = (Agreement.Kind.PLAN_APPROVAL, Agreement.Kind.PLAN_CLOSURE)
    if kind in plan_kinds:
        if plan is None:
            raise Invalid(
                _("A plan approval or closure agreement must name the plan."), field="plan"
            )
        if meeting.body.kind != Body.Kind.BOARD:
            raise Invalid(_("Only the Board approves or closes a plan."), field="kind")
    agreement = Agreement(
        meeting=meeting,
        number=number,
        title=title,
        text=text,
        kind=kind,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        result=Agreement.Result.APPROVED if passed else Agreement.Result.REJECTED,
        is_public=is_public,
        plan=plan,
        is_demo=is_demo,
    )
    audited_save(agreement, by, clean=True)
    agreement.objectives.set(list(objectives))
    agreement.action_lines.set(list(action_lines))
    agreement.municipalities.set(list(municipalities))
    if passed and kind in plan_kinds:
        _apply_to_plan(agreement, plan, by)
    return agreement


def _apply_to_plan(agreement: Agreement, plan: Any, by: Any) -> None:
    target = "approved" if agreement.kind == Agreement.Kind.PLAN_APPROVAL else "closed"
    ref = plan.approval_ref if target == "approved" else plan.closure_ref
    if ref == agreement.number or (plan.status == target and ref == ""):
        # Already done under this very agreement (e.g. strategy's demo approved the plan with
        # agreement_ref "CA 2020/07"): link, do not approve twice.
        return
    if target == "approved" and plan.status != "draft":
        raise Invalid(_("Only a draft plan can be approved."), field="plan")
    if target == "closed" and plan.status != "approved":
        raise Invalid(_("Only an approved plan can be closed."), field="plan")
    try:
        if target == "approved":
            strategy.plan_approve(plan=plan, by=by, agreement_ref=agreement.number)
        else:
            strategy.plan_close(plan=plan, by=by, agreement_ref=agreement.number)
    except DomainError as exc:  # strategy's own refusal, shown on the agreement's plan
        raise Invalid(exc.message, field="plan") from exc
    plan.refresh_from_db()


def agreement_publish(*, agreement: Agreement, is_public: bool, by: Any) -> Agreement:
    agreement.is_public = is_public
    audited_save(agreement, by, "published" if is_public else "unpublished", clean=True)
    return agreement


def follow_up_create(
    *,
    agreement: Agreement,
    title: str,
    due_date: dt.date,
    responsible: Any = None,
    by: Any,
    is_demo: bool = False,
) -> FollowUp:
    follow_up = FollowUp(
        agreement=agreement,
        title=title,
        due_date=due_date,
        responsible=responsible,
        is_demo=is_demo,
    )
    audited_save(follow_up, by, clean=True)
    return follow_up


def follow_up_set_status(
    *, follow_up: FollowUp, status: str, by: Any, today: dt.date, notes: str | None = None
) -> FollowUp:
    """Change a task's status; ``done`` records the day it was done (never in the future)."""
    if status not in FollowUp.Status.values:
        raise Invalid(_("Unknown status."), field="status")
    follow_up.status = status
    follow_up.done_date = today if status == FollowUp.Status.DONE else None
    if notes is not None:
        follow_up.notes = notes
    audited_save(follow_up, by, f"status {status}", clean=True)
    return follow_up


def follow_ups_report_overdue(*, today: dt.date) -> int:
    """Tell the hooks about every open follow-up task whose due date is before ``today`` (run
    daily; the receivers decide whether they already knew). Returns how many."""
    overdue = [
        f
        for f in FollowUp.objects.select_related("agreement", "responsible").filter(
            due_date__lt=today, status__in=sorted(rules.OPEN_STATUSES)
        )
        if f.is_overdue(today)
    ]
    for follow_up in overdue:
        hooks.follow_up_overdue.run(follow_up=follow_up, today=today)
    return len(overdue)


def entity_create(
    *,
    name: str,
    kind: str,
    adhesion_date: dt.date,
    municipality: Any = None,
    comarca: Any = None,
    is_demo: bool = False,
) -> MemberEntity:
    entity = MemberEntity(
        name=name,
        kind=kind,
        adhesion_date=adhesion_date,
        municipality=municipality,
        comarca=comarca,
        is_demo=is_demo,
    )
    entity.full_clean()
    entity.save()
    return entity


def member_create(
    *,
    body: Body,
    entity: MemberEntity,
    person_name: str,
    role: str,
    term_start: dt.date,
    term_end: dt.date | None = None,
    email: str = "",
    by: Any = None,
    is_demo: bool = False,
) -> Member:
    member = Member(
        body=body,
        entity=entity,
        person_name=person_name,
        role=role,
        term_start=term_start,
        term_end=term_end,
        email=email,
        is_demo=is_demo,
    )
    audited_save(member, by, clean=True)
    return member
