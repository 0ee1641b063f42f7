"""The generic history page of any audited object: /historial/<app_label>/<model>/<pk>/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.accounts import roles

from .audit import (
    audited_model,
    history_records,
    related_histories,
    version_restore_of,
    versions_of,
)


@login_required
def history(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    """Staff and administrators: every version of one object (who, when, before and after),
    also after the object was deleted, and those of the objects that belong to it (a user's
    memberships). Board, municipal users and collaborators: 403. The history of a model with
    ``audit_admin_only`` (users and memberships) is for administrators only."""
    if not roles.is_staff_member(request.user):
        raise PermissionDenied
    model = audited_model(app_label, model_name)
    if getattr(model, "audit_admin_only", False) and not roles.is_admin(request.user):
        raise PermissionDenied  # accounts (users, memberships) are the administrators' business
    instance = model._default_manager.filter(pk=pk).first()
    latest = history_records(model, pk).first()
    if instance is None and latest is None:
        raise Http404("No such object")
    return render(
        request,
        "core/history.html",
        {
            "instance": instance if instance is not None else latest.instance,
            "deleted": instance is None,
            "pk": pk,
            "versions": versions_of(model, pk),
            "related": related_histories(model, pk),
            "app_label": app_label,
            "model_name": model_name,
            "can_restore": roles.is_admin(request.user),
        },
    )


@login_required
@require_POST
def restore(
    request: HttpRequest, app_label: str, model_name: str, pk: int, history_id: int
) -> HttpResponse:
    """Administrators only: restore an earlier version (recorded as a new version)."""
    if not roles.is_admin(request.user):
        raise PermissionDenied
    model = audited_model(app_label, model_name)
    version_restore_of(model=model, pk=pk, history_id=history_id, by=request.user)
    messages.success(request, _("The earlier version has been restored."))
    return redirect("audit:history", app_label=app_label, model_name=model_name, pk=pk)
