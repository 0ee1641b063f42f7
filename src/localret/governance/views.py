"""Governance pages: staff record, Board reads. Municipal users and collaborators get 403, the
public is sent to log in. Public agreements are shown by the transparency portal (reporting)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.core.access import allowed
from localret.core.errors import DomainError
from localret.core.failures import add_messages

from . import permissions, selectors, services
from .forms import AgreementForm, FollowUpForm, FollowUpStatusForm, MinutesForm
from .models import FollowUp


@allowed(permissions.can_view_governance)
def index(request: HttpRequest) -> HttpResponse:
    """Staff and Board: bodies, their members and the meetings."""
    today = timezone.localdate()
    bodies = [{"body": b, "members": selectors.members_on(b, today)} for b in selectors.bodies()]
    return render(
        request,
        "governance/index.html",
        {
            "bodies": bodies,
            "meetings": selectors.meetings()[:40],
            "overdue_count": selectors.overdue_follow_ups(today).count(),
        },
    )


@allowed(permissions.can_view_governance)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and Board: one meeting, its agenda, attendance and quorum, agreements."""
    meeting = selectors.meeting_detail(pk)
    if meeting is None:
        raise Http404
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "quorum": selectors.meeting_quorum(meeting),
            "minutes_form": MinutesForm(),
            "agreement_form": AgreementForm(),
            "can_edit": permissions.can_edit_governance(request.user),
        },
    )


@allowed(permissions.can_view_minutes)
def minutes_download(request: HttpRequest, pk: int) -> FileResponse:
    """Staff and Board: the minutes PDF (never served from a public media URL)."""
    meeting = selectors.meeting_detail(pk)
    if meeting is None or not meeting.minutes:
        raise Http404
    return FileResponse(
        meeting.minutes.open("rb"),
        content_type="application/pdf",
        filename=f"acta-{meeting.date:%Y-%m-%d}.pdf",
    )


@require_POST
@allowed(permissions.can_edit_governance)
def minutes_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: upload the minutes PDF of a meeting."""
    meeting = selectors.meeting_detail(pk)
    if meeting is None:
        raise Http404
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.minutes_upload(
                meeting=meeting, file=form.cleaned_data["file"], by=request.user
            )
            messages.success(request, _("The minutes have been uploaded."))
        except DomainError as exc:
            add_messages(request, exc)
    else:
        messages.error(request, _("Choose a PDF file."))
    return redirect("governance:meeting", pk=pk)


@allowed(permissions.can_view_governance)
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and Board: one agreement with its follow-up tasks."""
    agreement = selectors.agreement_get(pk)
    if agreement is None:
        raise Http404
    today = timezone.localdate()
    follow_ups = [
        {
            "task": f,
            "overdue": f.is_overdue(today),
            "form": FollowUpStatusForm(initial={"status": f.status}, prefix=f"fu{f.pk}"),
            "can_update": permissions.can_update_follow_up(request.user, f),
        }
        for f in agreement.follow_ups.all()
    ]
    return render(
        request,
        "governance/agreement_detail.html",
        {
            "agreement": agreement,
            "follow_ups": follow_ups,
            "follow_up_form": FollowUpForm(),
            "can_edit": permissions.can_edit_governance(request.user),
        },
    )


@require_POST
def follow_up_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff, or the user responsible for the task: change a follow-up's status."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    follow_up = FollowUp.objects.select_related("agreement").filter(pk=pk).first()
    if follow_up is None:
        raise Http404
    if not permissions.can_update_follow_up(request.user, follow_up):
        raise PermissionDenied
    form = FollowUpStatusForm(request.POST, prefix=f"fu{pk}")
    if form.is_valid():
        services.follow_up_set_status(
            follow_up=follow_up,
            status=form.cleaned_data["status"],
            by=request.user,
            today=timezone.localdate(),
        )
        messages.success(request, _("The task has been updated."))
    return redirect("governance:agreement", pk=follow_up.agreement_id)


@allowed(permissions.can_view_governance)
def overdue(request: HttpRequest) -> HttpResponse:
    """Staff and Board: dashboard of overdue follow-up tasks."""
    today = timezone.localdate()
    rows = [
        {"task": f, "days": (today - f.due_date).days} for f in selectors.overdue_follow_ups(today)
    ]
    return render(request, "governance/overdue.html", {"rows": rows, "today": today})


@require_POST
@allowed(permissions.can_edit_governance)
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: record an agreement of a meeting (a plan approval/closure also approves/closes
    the plan, through strategy)."""
    meeting = selectors.meeting_detail(pk)
    if meeting is None:
        raise Http404
    form = AgreementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        plan = selectors.plan_get(data["plan"]) if data["plan"] else None
        if data["plan"] and plan is None:
            messages.error(request, _("Unknown plan."))
            return redirect("governance:meeting", pk=pk)
        try:
            agreement = services.agreement_record(
                meeting=meeting,
                number=data["number"],
                title=data["title"],
                text=data["text"],
                kind=data["kind"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"] or 0,
                abstentions=data["abstentions"] or 0,
                is_public=data["is_public"],
                plan=plan,
                by=request.user,
            )
        except DomainError as exc:
            add_messages(request, exc)  # also strategy's refusal of the approval or closure
            return redirect("governance:meeting", pk=pk)
        messages.success(request, _("The agreement has been recorded."))
        return redirect("governance:agreement", pk=agreement.pk)
    messages.error(request, _("Check the agreement's fields."))
    return redirect("governance:meeting", pk=pk)


@require_POST
@allowed(permissions.can_edit_governance)
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: add a follow-up task to an agreement."""
    agreement = selectors.agreement_get(pk)
    if agreement is None:
        raise Http404
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.follow_up_create(
            agreement=agreement,
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
            responsible=None,
            by=request.user,
        )
        messages.success(request, _("The task has been added."))
    else:
        messages.error(request, _("Check the task's fields."))
    return redirect("governance:agreement", pk=pk)
