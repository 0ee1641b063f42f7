"""Helpdesk API (/api/v1/requests..., /api/v1/notifications).

- ``POST /requests``: staff (for any municipality) and municipal users (their own: 403
  otherwise); Board members and collaborators 403 before the body is read; anonymous 401.
- ``GET /requests`` and ``GET /requests/{id}``: staff all, municipal users their own
  municipalities' (another's: 403).
- ``POST /requests/{id}/messages``: staff and the municipality's users; ``internal`` for staff
  only (403). ``GET`` the thread: internal notes only for staff.
- ``PATCH /requests/{id}``: staff only (403 before the body is read).
- ``GET /requests/stats``: public aggregates per comarca and band with disclosure control.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from localret.core.api import (
    AUTH,
    Pagination,
    Problem,
    ProblemSchema,
    allowed,
    paginate,
    require,
)
from localret.territory.interface import Municipality

from . import permissions, selectors, services
from .models import Request, Status
from .schemas import (
    AttachmentOut,
    MessageIn,
    MessageOut,
    NotificationPage,
    RequestFilters,
    RequestIn,
    RequestOut,
    RequestPage,
    RequestPatch,
    StatsOut,
    SurveyIn,
)

router = Router(tags=["helpdesk"])

ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema}


def _invalid(field: str, message: str) -> Problem:
    return Problem(422, "Invalid input", errors=[{"field": field, "message": message}])


def request_out(request: Request, today: Any) -> dict:
    return {
        "id": request.pk,
        "municipality": request.municipality.code,
        "municipality_name": request.municipality.name,
        "kind": request.kind,
        "subject": request.subject,
        "description": request.description,
        "status": request.status,
        "priority": request.priority,
        "team": request.team,
        "assignee": request.assignee.get_username() if request.assignee else None,
        "action_line": request.action_line_id,
        "service": request.service.code if request.service else None,
        "roadmap_item": request.roadmap_item_id,
        "project": request.project_id,
        "pilot": request.pilot_id,
        "created_at": request.created_at,
        "opened_on": request.opened_on,
        "first_answer_due": request.first_answer_due,
        "resolution_due": request.resolution_due,
        "first_answered_on": request.first_answered_on,
        "resolved_on": request.resolved_on,
        "waiting_since": request.waiting_since,
        "overdue": request.is_overdue(today),
        "within_target": request.within_target,
        "satisfaction": request.satisfaction,
        "created_adhesion": request.created_adhesion_id,
        "created_project": request.created_project_id,
        "created_idea": request.created_idea_id,
        "is_demo": request.is_demo,
    }


def _links(payload: RequestIn) -> dict[str, Any]:
    from localret.innovation.interface import Pilot
    from localret.maturity.interface import Project, RoadmapItem, Service

    links: dict[str, Any] = {}
    if payload.service:
        links["service"] = Service.objects.filter(code=payload.service).first()
        if links["service"] is None:
            raise _invalid("service", f"unknown service code {payload.service!r}")
    for field, model, pk in (
        ("roadmap_item", RoadmapItem, payload.roadmap_item),
        ("project", Project, payload.project),
        ("pilot", Pilot, payload.pilot),
    ):
        if pk is not None:
            links[field] = model.objects.filter(pk=pk).first()  # type: ignore[attr-defined]
            if links[field] is None:
                raise _invalid(field, "unknown id")
    return links


@router.get(
    "/requests/stats",
    response={200: StatsOut},
    auth=None,
    summary="Requests per comarca and population band, and the share resolved within target "
    "(public; no subject, description or person; small groups suppressed)",
)
def request_stats(request: HttpRequest) -> dict:
    return selectors.public_figures(timezone.localdate())


@router.post(
    "/requests",
    response={201: RequestOut, **ERRORS},
    auth=allowed(permissions.can_use_helpdesk),
    summary="Open a request for a municipality (its users, or staff on its behalf)",
)
def create_request(request: HttpRequest, payload: RequestIn) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    municipality = Municipality.objects.filter(code=payload.municipality).first()
    if municipality is None:
        if not permissions.can_manage(user):
            raise PermissionDenied("You may only open requests for your own municipality.")
        raise _invalid("municipality", f"unknown municipality code {payload.municipality!r}")
    require(
        permissions.can_open_for(user, municipality.code),
        "You may only open requests for your own municipality.",
    )
    created = services.request_open(
        municipality=municipality,
        kind=payload.kind,
        subject=payload.subject,
        description=payload.description,
        priority=payload.priority,
        links=_links(payload),
        by=user,
    )
    return 201, request_out(selectors.request_get(user, created.pk), timezone.localdate())


@router.get(
    "/requests",
    response={200: RequestPage, **ERRORS},
    auth=allowed(permissions.can_use_helpdesk),
    summary="Requests the user may see (staff: all; municipal users: their own)",
)
def list_requests(request: HttpRequest, filters: Query[RequestFilters]) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    today = timezone.localdate()
    qs = selectors.requests_for(
        user,
        municipality=filters.municipality.strip() or None,
        status=filters.status or None,
        overdue=filters.overdue,
        today=today,
    )
    count, page = paginate(qs, filters.limit, filters.offset)
    return {
        "count": count,
        "items": [
            {
                "id": r.pk,
                "municipality": r.municipality.code,
                "kind": r.kind,
                "subject": r.subject,
                "status": r.status,
                "priority": r.priority,
                "opened_on": r.opened_on,
                "first_answer_due": r.first_answer_due,
                "resolution_due": r.resolution_due,
                "overdue": r.is_overdue(today),
            }
            for r in page
        ],
    }


@router.get(
    "/requests/{request_id}",
    response={200: RequestOut, **ERRORS},
    auth=AUTH,
    summary="One request (staff and its municipality's users)",
)
def get_request(request: HttpRequest, request_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    return request_out(selectors.request_get(user, request_id), timezone.localdate())


@router.patch(
    "/requests/{request_id}",
    response={200: RequestOut, **ERRORS},
    auth=allowed(permissions.can_manage),
    summary="Triage a request and change its state (staff)",
)
def patch_request(request: HttpRequest, request_id: int, payload: RequestPatch) -> dict:
    from localret.accounts.interface import User
    from localret.maturity.interface import Service
    from localret.strategy.interface import ActionLine

    user = request.auth  # type: ignore[attr-defined]
    target = selectors.request_get(user, request_id)
    sent = payload.model_fields_set
    assignee = action_line = service = None
    if payload.assignee:
        assignee = User.objects.filter(username=payload.assignee, is_active=True).first()
        if assignee is None:
            raise _invalid("assignee", f"unknown user {payload.assignee!r}")
    if payload.action_line is not None:
        action_line = ActionLine.objects.filter(pk=payload.action_line).first()
        if action_line is None:
            raise _invalid("action_line", "unknown id")
    if payload.service:
        service = Service.objects.filter(code=payload.service).first()
        if service is None:
            raise _invalid("service", f"unknown service code {payload.service!r}")
    updated = services.request_update(
        request=target,
        by=user,
        status=payload.status,
        kind=payload.kind,
        priority=payload.priority,
        team=payload.team,
        assignee=assignee,
        action_line=action_line,
        service=service,
        fields=set(sent),
    )
    return request_out(selectors.request_get(user, updated.pk), timezone.localdate())


@router.get(
    "/requests/{request_id}/messages",
    response={200: list[MessageOut], **ERRORS},
    auth=AUTH,
    summary="The request's thread (internal notes only for staff)",
)
def list_messages(request: HttpRequest, request_id: int) -> list[dict]:
    user = request.auth  # type: ignore[attr-defined]
    target = selectors.request_get(user, request_id)
    return [_message_out(m) for m in selectors.messages_for(user, target)]


def _message_out(message: Any) -> dict:
    return {
        "id": message.pk,
        "author": message.author.get_username() if message.author else None,
        "from_staff": message.from_staff,
        "body": message.body,
        "internal": message.internal,
        "created_at": message.created_at,
    }


@router.post(
    "/requests/{request_id}/messages",
    response={201: MessageOut, **ERRORS},
    auth=allowed(permissions.can_use_helpdesk),
    summary="Write in the request's thread (internal notes: staff only)",
)
def post_message(request: HttpRequest, request_id: int, payload: MessageIn) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    target = selectors.request_get(user, request_id)
    require(
        not payload.internal or permissions.can_see_internal(user),
        "Only Localret staff write internal notes.",
    )
    message = services.message_post(
        request=target, body=payload.body, internal=payload.internal, by=user
    )
    return 201, _message_out(message)


@router.post(
    "/requests/{request_id}/attachments",
    response={201: AttachmentOut, **ERRORS},
    auth=allowed(permissions.can_use_helpdesk),
    summary="Attach a file to a request (size limit checked before the file is read)",
)
def post_attachment(
    request: HttpRequest,
    request_id: int,
    file: File[UploadedFile],
    internal: Form[bool] = False,
) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    target = selectors.request_get(user, request_id)
    require(
        not internal or permissions.can_see_internal(user),
        "Only Localret staff add internal files.",
    )
    attachment = services.attachment_add(request=target, upload=file, internal=internal, by=user)
    return 201, {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "internal": attachment.internal,
        "uploaded_at": attachment.uploaded_at,
    }


@router.post(
    "/requests/{request_id}/survey",
    response={200: RequestOut, **ERRORS},
    auth=allowed(permissions.can_use_helpdesk),
    summary="Answer the satisfaction question of a resolved request (its municipality's users)",
)
def post_survey(request: HttpRequest, request_id: int, payload: SurveyIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    target = selectors.request_get(user, request_id)
    require(permissions.can_answer_survey(user, target))
    if target.status not in (Status.RESOLVED, Status.CLOSED):
        raise _invalid("rating", "the request is not resolved yet")
    services.survey_answer(request=target, rating=payload.rating, by=user)
    return request_out(selectors.request_get(user, request_id), timezone.localdate())


@router.get(
    "/notifications",
    response={200: NotificationPage, **ERRORS},
    auth=allowed(permissions.can_use_notifications),
    summary="The user's notifications, newest first, with the unread count",
)
def list_notifications(request: HttpRequest, page: Query[Pagination]) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    count, items = paginate(selectors.notifications_for(user), page.limit, page.offset)
    return {
        "count": count,
        "unread": selectors.unread_count(user),
        "items": [
            {
                "id": n.pk,
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at,
                "read": n.read_at is not None,
            }
            for n in items
        ],
    }
