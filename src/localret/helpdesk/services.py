"""Every write of the helpdesk: requests, their thread, triage, states and service levels.

Each function is atomic and records who changed what (django-simple-history). Errors are
``DomainError`` (422 in the API, a message on the pages); nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localret.accounts.interface import roles
from localret.core.audit import audited_save
from localret.core.errors import DomainError
from localret.territory.interface import Municipality

from . import calendar, notifications, permissions
from .models import (
    DONE_STATUSES,
    Attachment,
    Delivery,
    Kind,
    Message,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationProfile,
    Priority,
    Request,
    ServiceLevel,
    Status,
)

# Targets when the table has no row for a kind and priority (working days).
DEFAULT_TARGETS = (3, 20)
SUBJECT_MAX = 200

# Which state may follow which (a state may also be kept: triage without moving).
MOVES: dict[str, set[str]] = {
    Status.NEW: {
        Status.TRIAGED,
        Status.IN_PROGRESS,
        Status.WAITING,
        Status.RESOLVED,
        Status.CLOSED,
    },
    Status.TRIAGED: {Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.WAITING: {Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED},
    Status.RESOLVED: {Status.CLOSED, Status.REOPENED},
    Status.CLOSED: {Status.REOPENED},
    Status.REOPENED: {Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED},
}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "LOCALRET_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


ATTACHMENT_EXTENSIONS = (
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".odt",
    ".ods",
    ".docx",
    ".xlsx",
    ".csv",
    ".txt",
)


def _today() -> dt.date:
    return timezone.localdate()


def targets(kind: str, priority: str) -> tuple[int, int]:
    """(first answer, resolution) targets in working days for a kind and priority."""
    level = ServiceLevel.objects.filter(kind=kind, priority=priority).first()
    if level is None:
        return DEFAULT_TARGETS
    return level.first_answer_days, level.resolution_days


def _set_due_dates(request: Request) -> None:
    """Due dates from the opening day, the targets and the working days spent waiting."""
    first, resolution = targets(request.kind, request.priority)
    request.first_answer_due = calendar.add_working_days(
        request.opened_on, first + request.paused_days
    )
    request.resolution_due = calendar.add_working_days(
        request.opened_on, resolution + request.paused_days
    )
    request.overdue_notified = False


def _check_text(subject: str, description: str) -> tuple[str, str]:
    errors = []
    subject = (subject or "").strip()
    description = (description or "").strip()
    if not subject:
        errors.append({"field": "subject", "message": _("The subject is required.")})
    elif len(subject) > SUBJECT_MAX:
        errors.append(
            {
                "field": "subject",
                "message": _("The subject is at most %(n)d characters long.") % {"n": SUBJECT_MAX},
            }
        )
    if not description:
        errors.append({"field": "description", "message": _("The description is required.")})
    if errors:
        raise DomainError(str(errors[0]["message"]), errors)
    return subject, description


@transaction.atomic
def request_open(
    *,
    municipality: Municipality,
    kind: str,
    subject: str,
    description: str,
    by: Any,
    priority: str = Priority.NORMAL,
    links: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
    is_demo: bool = False,
) -> Request:
    """Open a request for a municipality (by one of its users, or by staff on its behalf)."""
    if not permissions.can_open_for(by, municipality.code):
        raise DomainError(
            _("You may only open requests for your own municipality."),
            [{"field": "municipality", "message": _("not one of your municipalities")}],
        )
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind."), [{"field": "kind", "message": _("Unknown kind.")}])
    if priority not in Priority.values:
        raise DomainError(
            _("Unknown priority."), [{"field": "priority", "message": _("Unknown priority.")}]
        )
    subject, description = _check_text(subject, description)
    now = now or timezone.now()
    request = Request(
        municipality=municipality,
        kind=kind,
        subject=subject,
        description=description,
        priority=priority,
        created_by=by,
        created_at=now,
        opened_on=timezone.localtime(now).date(),
        is_demo=is_demo,
        **(links or {}),
    )
    _set_due_dates(request)
    audited_save(request, by, "opened")
    return request


def _participants(request: Request) -> list[Any]:
    """Users of the request's municipality (active municipal members)."""
    from localret.accounts.interface import User

    return list(
        User.objects.filter(
            is_active=True,
            role=roles.Role.MUNICIPAL,
            memberships__municipality=request.municipality,
        ).distinct()
    )


def _staff_to_tell(request: Request) -> list[Any]:
    """The person responsible, or every active staff member while nobody is."""
    if request.assignee is not None and request.assignee.is_active:
        return [request.assignee]
    from localret.accounts.interface import User

    return list(User.objects.filter(is_active=True, role=roles.Role.STAFF))


def request_url(request: Request) -> str:
    from django.urls import reverse

    return reverse("helpdesk:detail", args=[request.pk])


@transaction.atomic
def message_post(
    *,
    request: Request,
    body: str,
    by: Any,
    internal: bool = False,
    now: dt.datetime | None = None,
) -> Message:
    """Write in a request's thread. Staff's first public message is the first answer; a reply of
    the municipality to a request waiting for it puts it back in progress (the clock resumes)."""
    if not permissions.can_view_request(by, request):
        raise DomainError(_("You cannot write on this request."))
    staff = permissions.can_see_internal(by)
    if internal and not staff:
        raise DomainError(
            _("Only Localret staff write internal notes."),
            [{"field": "internal", "message": _("Only Localret staff write internal notes.")}],
        )
    body = (body or "").strip()
    if not body:
        raise DomainError(
            _("The message is empty."), [{"field": "body", "message": _("The message is empty.")}]
        )
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    message = Message(
        request=request, author=by, body=body, internal=internal, from_staff=staff, created_at=now
    )
    audited_save(message, by)
    if internal:
        return message
    if staff and request.first_answered_on is None:
        request.first_answered_on = today
        if request.status == Status.NEW:
            request.status = Status.IN_PROGRESS
        audited_save(request, by, "first answer")
    elif not staff and request.status == Status.WAITING:
        _resume(request, today)
        request.status = Status.IN_PROGRESS
        audited_save(request, by, "the municipality answered")
    recipients = _participants(request) if staff else _staff_to_tell(request)
    notifications.notify(
        users=[u for u in recipients if u.pk != getattr(by, "pk", None)],
        kind=NotificationKind.REQUEST_ANSWER,
        title=lambda: (
            _("New answer on request #%(id)d: %(subject)s")
            % {"id": request.pk, "subject": request.subject}
        ),
        body=lambda: body,
        url=request_url(request),
        key=f"message:{message.pk}",
    )
    return message


def _resume(request: Request, today: dt.date) -> None:
    if request.waiting_since is not None:
        paused = calendar.working_days_between(request.waiting_since, today)
        request.paused_days = request.paused_days + paused
        request.waiting_since = None
        _set_due_dates(request)


@transaction.atomic
def request_update(
    *,
    request: Request,
    by: Any,
    status: str | None = None,
    kind: str | None = None,
    priority: str | None = None,
    team: str | None = None,
    assignee: Any = None,
    action_line: Any = None,
    service: Any = None,
    fields: set[str] | None = None,
    today: dt.date | None = None,
) -> Request:
    """Triage (kind, priority, team, person responsible, action line, catalogue service) and move
    a request to another state. ``fields`` names what was sent (so that ``None`` can clear the
    person responsible or the action line). Resolving an adhesion request creates the catalogue
    adhesion, a project proposal an accompaniment project and a pilot proposal an innovation
    idea, in the same transaction."""
    from .models import Team

    if not permissions.can_manage(by):
        raise DomainError(_("Only Localret staff triage requests."))
    request = Request.objects.select_for_update().get(pk=request.pk)
    today = today or _today()
    sent = fields if fields is not None else set()
    errors = []
    if kind is not None and kind not in Kind.values:
        errors.append({"field": "kind", "message": _("Unknown kind.")})
    if priority is not None and priority not in Priority.values:
        errors.append({"field": "priority", "message": _("Unknown priority.")})
    if team and team not in Team.values:
        errors.append({"field": "team", "message": _("Unknown team.")})
    if assignee is not None and not roles.is_staff_member(assignee):
        errors.append({"field": "assignee", "message": _("The person responsible is not staff.")})
    if status is not None:
        if status not in Status.values:
            errors.append({"field": "status", "message": _("Unknown status.")})
        elif status != request.status and status not in MOVES[request.status]:
            errors.append(
                {
                    "field": "status",
                    "message": _("A request cannot go from “%(a)s” to “%(b)s”.")
                    % {"a": Status(request.status).label, "b": Status(status).label},
                }
            )
    if errors:
        raise DomainError(str(errors[0]["message"]), errors)
    retarget = False
    if kind is not None and kind != request.kind:
        request.kind = kind
        retarget = True
    if priority is not None and priority != request.priority:
        request.priority = priority
        retarget = True
    if team is not None or "team" in sent:
        request.team = team or ""
    if assignee is not None or "assignee" in sent:
        request.assignee = assignee
    if action_line is not None or "action_line" in sent:
        request.action_line = action_line
    if service is not None or "service" in sent:
        request.service = service
    if retarget:
        _set_due_dates(request)
    old = request.status
    if status is not None and status != old:
        if old == Status.WAITING:
            _resume(request, today)
        if status == Status.WAITING:
            request.waiting_since = today
        if status == Status.RESOLVED:
            request.resolved_on = today
            if request.first_answered_on is None:
                request.first_answered_on = today
            _create_outcome(request, by, today)
        if status == Status.REOPENED:
            request.resolved_on = None
            request.satisfaction = None
        request.status = status
    audited_save(request, by, f"status {status}" if status and status != old else "triage")
    if status == Status.RESOLVED and old != Status.RESOLVED:
        notifications.notify(
            users=_participants(request),
            kind=NotificationKind.REQUEST_ANSWER,
            title=lambda: (
                _("Request #%(id)d resolved: %(subject)s")
                % {"id": request.pk, "subject": request.subject}
            ),
            body=lambda: _("Localret has resolved your request. Tell us how it went."),
            url=request_url(request),
            key=f"resolved:{request.pk}:{today.isoformat()}",
        )
    return request


def _create_outcome(request: Request, by: Any, today: dt.date) -> None:
    """What a resolved request becomes, through the owning apps' services."""
    if request.kind == Kind.ADHESION and request.created_adhesion_id is None:
        if request.service is None:
            raise DomainError(
                _("Name the catalogue service before resolving an adhesion request."),
                [{"field": "service", "message": _("required to resolve an adhesion request")}],
            )
        from localret.maturity.interface import adhesion_create

        request.created_adhesion = adhesion_create(
            service=request.service, municipality=request.municipality, since=today, by=by
        )
    elif request.kind == Kind.PROJECT and request.created_project_id is None:
        from localret.maturity.interface import project_create_for

        request.created_project = project_create_for(
            name=request.subject,
            municipalities=[request.municipality],
            technician=request.assignee,
            start_date=today,
            notes=request.description,
            by=by,
        )
    elif request.kind == Kind.PILOT and request.created_idea_id is None:
        from localret.innovation.interface import InnovationError, idea_create

        try:
            request.created_idea = idea_create(
                title=request.subject,
                description=request.description,
                municipality=request.municipality,
                proposer=request.created_by,
                by=by,
            )
        except InnovationError as exc:
            raise DomainError(str(exc), exc.errors) from exc


@transaction.atomic
def attachment_add(
    *, request: Request, upload: UploadedFile, by: Any, internal: bool = False
) -> Attachment:
    """Attach a file. Its size and type are checked from what the client declared, before the
    content is read; the stored name is random (the original is kept for display)."""
    if not permissions.can_view_request(by, request):
        raise DomainError(_("You cannot add files to this request."))
    if internal and not permissions.can_see_internal(by):
        raise DomainError(
            _("Only Localret staff add internal files."),
            [{"field": "internal", "message": _("Only Localret staff add internal files.")}],
        )
    check_attachment(upload)
    attachment = Attachment(
        request=request,
        internal=internal,
        name=(upload.name or "file")[:200],
        size=upload.size or 0,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    audited_save(attachment, by)
    return attachment


def check_attachment(upload: UploadedFile) -> None:
    limit = max_attachment_bytes()
    if upload.size is None or upload.size > limit:
        message = _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        raise DomainError(message, [{"field": "file", "message": message}])
    name = (upload.name or "").lower()
    if not name.endswith(ATTACHMENT_EXTENSIONS):
        message = _("This type of file is not accepted (%(types)s).") % {
            "types": ", ".join(ATTACHMENT_EXTENSIONS)
        }
        raise DomainError(message, [{"field": "file", "message": message}])


@transaction.atomic
def survey_answer(*, request: Request, rating: int, by: Any) -> Request:
    """The one-question satisfaction survey of a resolved request (1 to 5)."""
    if not permissions.can_answer_survey(by, request):
        raise DomainError(_("Only the municipality's users answer the survey."))
    if request.status not in DONE_STATUSES:
        raise DomainError(
            _("The request is not resolved yet."),
            [{"field": "rating", "message": _("The request is not resolved yet.")}],
        )
    if rating not in range(1, 6):
        raise DomainError(
            _("Choose a value from 1 to 5."),
            [{"field": "rating", "message": _("Choose a value from 1 to 5.")}],
        )
    request.satisfaction = rating
    audited_save(request, by, "satisfaction")
    return request


def survey_answer_recorded(*, request: Request, rating: int) -> Request:
    """The demo's record of a survey answered by the town hall (no user to answer as)."""
    if rating not in range(1, 6) or request.status not in DONE_STATUSES:
        raise DomainError(_("Choose a value from 1 to 5."))
    request.satisfaction = rating
    audited_save(request, None, "satisfaction")
    return request


@transaction.atomic
def service_level_update(
    *, level: ServiceLevel, first_answer_days: int, resolution_days: int, by: Any
) -> ServiceLevel:
    """Change a target (applies to requests opened or retargeted from now on)."""
    if not permissions.can_manage(by):
        raise DomainError(_("Only Localret staff edit the service levels."))
    if first_answer_days < 1 or resolution_days < first_answer_days:
        raise DomainError(
            _("Targets are 1 or more working days, the resolution at least the first answer."),
            [{"field": "resolution_days", "message": _("must be ≥ the first-answer target")}],
        )
    level.first_answer_days = first_answer_days
    level.resolution_days = resolution_days
    audited_save(level, by)
    return level


def _overdue_title(request: Request) -> str:
    return _("Request #%(id)d is overdue: %(subject)s") % {
        "id": request.pk,
        "subject": request.subject,
    }


def _overdue_body(request: Request) -> str:
    return _("Municipality: %(name)s. Resolution due on %(date)s.") % {
        "name": request.municipality.name,
        "date": request.resolution_due.strftime("%d/%m/%Y"),
    }


def requests_notify_overdue(*, today: dt.date | None = None) -> int:
    """Tell the person responsible (or the staff) about each request that has become overdue,
    once per request until it is back within its dates. Returns how many were told."""
    today = today or _today()
    from .selectors import overdue_q

    told = 0
    for request in (
        Request.objects.filter(overdue_q(today), overdue_notified=False)
        .select_related("assignee", "municipality")
        .order_by("pk")
    ):
        with transaction.atomic():
            request.overdue_notified = True
            request.save(update_fields=["overdue_notified"])
            notifications.notify(
                users=_staff_to_tell(request),
                kind=NotificationKind.DUE_PASSED,
                title=partial(_overdue_title, request),
                body=partial(_overdue_body, request),
                url=request_url(request),
                key=f"overdue:{request.pk}:{request.resolution_due.isoformat()}",
            )
            told += 1
    return told


def notifications_mark_read(*, user: Any) -> int:
    """Mark every unread notification of ``user`` as read now; how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user: Any, language: str, deliveries: dict[str, str]) -> None:
    """A user's e-mail language and, per kind of notification, how it is delivered."""
    errors = []
    if language not in dict(settings.LANGUAGES):
        errors.append({"field": "language", "message": _("Unknown language.")})
    for kind, delivery in deliveries.items():
        if kind not in NotificationKind.values or delivery not in Delivery.values:
            errors.append({"field": f"kind_{kind}", "message": _("Unknown choice.")})
    if errors:
        raise DomainError(str(errors[0]["message"]), errors)
    profile = NotificationProfile.objects.filter(user=user).first() or NotificationProfile(
        user=user
    )
    if profile.pk is None or profile.language != language:
        profile.language = language
        audited_save(profile, user)
    current = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    for kind, delivery in deliveries.items():
        pref = current.get(kind) or NotificationPreference(user=user, kind=kind)
        if pref.pk is None or pref.delivery != delivery:
            pref.delivery = delivery
            audited_save(pref, user)
