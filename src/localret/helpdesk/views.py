"""Helpdesk pages: requests (/peticions/), notifications (/avisos/) and the public figures
(/transparencia/peticions/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.accounts.interface import roles
from localret.core.errors import DomainError
from localret.core.fragments import fragment

from . import disclosure, permissions, selectors, services
from .forms import (
    AttachmentForm,
    MessageForm,
    PreferencesForm,
    RequestForm,
    ServiceLevelForm,
    SurveyForm,
    TriageForm,
)
from .models import (
    Kind,
    NotificationKind,
    NotificationPreference,
    NotificationProfile,
    ServiceLevel,
    Status,
)


def _domain_errors(form: Any, exc: DomainError) -> None:
    for error in exc.errors:
        field = error.get("field")
        form.add_error(field if field in form.fields else None, str(error["message"]))


def _too_large(request: HttpRequest) -> bool:
    """Whether the body announced is larger than a file allowed (plus the form's fields): such
    an upload is refused before Django reads it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > services.max_attachment_bytes() + 64 * 1024


def _require_helpdesk(request: HttpRequest) -> None:
    if not permissions.can_use_helpdesk(request.user):
        raise PermissionDenied


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """Staff: every request (filters) and their queue; municipal users: their own."""
    _require_helpdesk(request)
    user = request.user
    today = timezone.localdate()
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    overdue = request.GET.get("overdue") == "1"
    items = selectors.requests_for(
        user, status=status or None, overdue=True if overdue else None, today=today
    )[:300]
    context = {
        "items": [{"request": r, "overdue": r.is_overdue(today)} for r in items],
        "statuses": Status.choices,
        "status": status,
        "overdue": overdue,
        "is_staff": permissions.can_manage(user),
        "queue": list(selectors.to_answer(user, today=today)[:50])
        if permissions.can_manage(user)
        else [],
    }
    return render(request, "helpdesk/request_list.html", context)


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    """Open a request: a municipal user for their municipality, staff for any."""
    _require_helpdesk(request)
    user = request.user
    codes = None if permissions.can_manage(user) else sorted(roles.municipality_codes(user))
    if request.method == "POST" and _too_large(request):
        messages.error(request, _("The file is too large."))
        return redirect("helpdesk:create")
    form = RequestForm(request.POST or None, request.FILES or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                created = services.request_open(
                    municipality=form.cleaned_data["municipality"],
                    kind=form.cleaned_data["kind"],
                    subject=form.cleaned_data["subject"],
                    description=form.cleaned_data["description"],
                    links={"service": form.cleaned_data["service"]}
                    if form.cleaned_data.get("service")
                    else None,
                    by=user,
                )
                upload = form.cleaned_data.get("attachment")
                if upload:
                    services.attachment_add(request=created, upload=upload, by=user)
        except DomainError as exc:
            _domain_errors(form, exc)
        else:
            messages.success(request, _("Your request has been recorded."))
            return redirect("helpdesk:detail", pk=created.pk)
    return render(request, "helpdesk/request_form.html", {"form": form})


def _triage_form(data: Any = None, initial: dict | None = None) -> TriageForm:
    from localret.maturity.interface import Service
    from localret.strategy.interface import ActionLine

    lines = [
        (line.pk, f"{line.code} {line.name}")
        for line in ActionLine.objects.select_related(None).order_by("code")[:500]
    ]
    catalogue = list(Service.objects.filter(is_active=True).values_list("code", "name"))
    return TriageForm(
        data,
        initial=initial,
        staff=selectors.staff_users(),
        action_lines=lines,
        catalogue=catalogue,
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and the municipality's users (others 403): the request, its due dates, its thread
    (internal notes for staff), files, the staff's triage and the satisfaction question."""
    user = request.user
    item = selectors.request_get(user, pk)
    today = timezone.localdate()
    staff = permissions.can_manage(user)
    context = {
        "item": item,
        "overdue": item.is_overdue(today),
        "thread": selectors.messages_for(user, item),
        "attachments": selectors.attachments_for(user, item),
        "message_form": MessageForm(),
        "attachment_form": AttachmentForm(),
        "is_staff": staff,
        "triage_form": _triage_form(
            initial={
                "status": item.status,
                "kind": item.kind,
                "priority": item.priority,
                "team": item.team,
                "assignee": item.assignee.username if item.assignee else "",
                "action_line": str(item.action_line_id or ""),
                "service": item.service.code if item.service else "",
            }
        )
        if staff
        else None,
        "survey_form": SurveyForm()
        if permissions.can_answer_survey(user, item)
        and item.status in (Status.RESOLVED, Status.CLOSED)
        and item.satisfaction is None
        else None,
        "is_adhesion": item.kind == Kind.ADHESION,
    }
    return render(request, "helpdesk/request_detail.html", context)


@login_required
@require_POST
def message_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.request_get(user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        internal = form.cleaned_data["internal"]
        if internal and not permissions.can_see_internal(user):
            raise PermissionDenied
        try:
            services.message_post(
                request=item, body=form.cleaned_data["body"], internal=internal, by=user
            )
            messages.success(request, _("Your message has been sent."))
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Write a message first."))
    return redirect("helpdesk:detail", pk=pk)


@login_required
@require_POST
def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.request_get(user, pk)
    if _too_large(request):
        messages.error(request, _("The file is too large."))
        return redirect("helpdesk:detail", pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        internal = form.cleaned_data["internal"]
        if internal and not permissions.can_see_internal(user):
            raise PermissionDenied
        try:
            services.attachment_add(
                request=item, upload=form.cleaned_data["file"], internal=internal, by=user
            )
            messages.success(request, _("The file has been attached."))
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a file first."))
    return redirect("helpdesk:detail", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a request: staff and the municipality's users (internal files: staff)."""
    attachment = selectors.attachment_get(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: triage and move the request."""
    from localret.accounts.interface import User
    from localret.maturity.interface import Service
    from localret.strategy.interface import ActionLine

    user = request.user
    if not permissions.can_manage(user):
        raise PermissionDenied
    item = selectors.request_get(user, pk)
    form = _triage_form(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the triage fields."))
        return redirect("helpdesk:detail", pk=pk)
    data = form.cleaned_data
    try:
        services.request_update(
            request=item,
            by=user,
            status=data["status"],
            kind=data["kind"],
            priority=data["priority"],
            team=data["team"] or "",
            assignee=User.objects.filter(username=data["assignee"]).first()
            if data["assignee"]
            else None,
            action_line=ActionLine.objects.filter(pk=data["action_line"]).first()
            if data["action_line"]
            else None,
            service=Service.objects.filter(code=data["service"]).first()
            if data["service"]
            else None,
            fields={"team", "assignee", "action_line", "service"},
        )
        messages.success(request, _("The request has been updated."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("helpdesk:detail", pk=pk)


@login_required
@require_POST
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.request_get(user, pk)
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            services.survey_answer(request=item, rating=form.cleaned_data["rating"], by=user)
            messages.success(request, _("Thank you for your answer."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("helpdesk:detail", pk=pk)


@login_required
def service_levels(request: HttpRequest) -> HttpResponse:
    """Staff: the table of targets per kind and priority (working days), editable."""
    user = request.user
    if not permissions.can_manage(user):
        raise PermissionDenied
    levels = selectors.service_levels()
    forms = [
        ServiceLevelForm(request.POST or None, instance=level, prefix=f"l{level.pk}")
        for level in levels
    ]
    if request.method == "POST":
        if all(f.is_valid() for f in forms):
            try:
                with transaction.atomic():
                    for f in forms:
                        if f.has_changed():
                            level = ServiceLevel.objects.get(pk=f.instance.pk)
                            services.service_level_update(
                                level=level,
                                first_answer_days=f.cleaned_data["first_answer_days"],
                                resolution_days=f.cleaned_data["resolution_days"],
                                by=user,
                            )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The service levels have been saved."))
                return redirect("helpdesk:service_levels")
        else:
            messages.error(request, _("Check the values marked."))
    return render(
        request, "helpdesk/service_levels.html", {"rows": list(zip(levels, forms, strict=True))}
    )


# --- Notifications ---------------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications (newest first)."""
    items = list(selectors.notifications_for(request.user)[:200])
    return render(
        request,
        "helpdesk/notifications.html",
        {"items": items, "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    services.notifications_mark_read(user=user)
    return redirect("helpdesk:notifications")


def unread_badge(request: HttpRequest) -> HttpResponse:
    """HTMX fragment of the header: the link to the notifications with the unread count
    (loaded per visitor, so that cached pages never carry another user's count)."""
    user = request.user
    if not roles.is_authenticated(user):
        return HttpResponse("")
    response = render(request, "helpdesk/_badge.html", {"unread": selectors.unread_count(user)})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Per kind of notification: e-mail immediately, in a daily digest, or never; the
    language of the e-mails."""
    user: Any = request.user
    current = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    profile = NotificationProfile.objects.filter(user=user).first()
    initial: dict[str, Any] = {
        "language": profile.language if profile else getattr(request, "LANGUAGE_CODE", "ca")
    }
    for kind in NotificationKind:
        initial[f"kind_{kind.value}"] = current.get(kind.value, "immediate")
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=user,
            language=form.cleaned_data["language"],
            deliveries={k.value: form.cleaned_data[f"kind_{k.value}"] for k in NotificationKind},
        )
        messages.success(request, _("Your preferences have been saved."))
        return redirect("helpdesk:preferences")
    return render(request, "helpdesk/preferences.html", {"form": form})


# --- Public figures --------------------------------------------------------------------------


def public_figures(request: HttpRequest) -> HttpResponse:
    """Public: requests per comarca and population band and the share resolved within target,
    with disclosure control."""
    # The same for everyone (aggregates only): rendered once per version of the requests and
    # of the register (populations, comarques), per day and disclosure threshold
    # (core/fragments.py).
    content = fragment(
        "helpdesk:public-figures",
        template="helpdesk/public_figures_content.html",
        reads=("helpdesk", "territory"),
        parts=(disclosure.minimum(),),
        context=lambda: {"figures": selectors.public_figures(timezone.localdate())},
    )
    return render(request, "helpdesk/public_figures.html", {"content": content})


def municipality_section(request: HttpRequest, municipality: Any) -> dict[str, Any] | None:
    """Block of the municipality page and of "El meu municipi": the town hall's open requests.
    Staff and the municipality's own users only (what a town hall asks is confidential)."""
    if not permissions.can_open_for(request.user, municipality.code):
        return None
    today = timezone.localdate()
    pending = list(selectors.open_requests_of(municipality.code)[:20])
    return {
        "title": _("Requests to Localret"),
        "template": "helpdesk/_municipality_section.html",
        "context": {
            "items": [{"request": r, "overdue": r.is_overdue(today)} for r in pending],
            "waiting": sum(1 for r in pending if r.status == Status.WAITING),
        },
    }
