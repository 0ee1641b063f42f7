from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.accounts import roles

from .audit import audited_model, version_restore, versions


@login_required
def history(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    """Staff and administrators: every version of one object."""
    if not roles.is_staff_member(request.user):
        raise PermissionDenied
    model = audited_model(app_label, model_name)
    instance = get_object_or_404(model, pk=pk)
    return render(
        request,
        "core/history.html",
        {
            "instance": instance,
            "versions": versions(instance),
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
    """Administrators only: restore an earlier version."""
    if not roles.is_admin(request.user):
        raise PermissionDenied
    model = audited_model(app_label, model_name)
    instance = get_object_or_404(model, pk=pk)
    version_restore(instance=instance, history_id=history_id, by=request.user)
    messages.success(request, _("The earlier version has been restored."))
    return redirect("audit:history", app_label=app_label, model_name=model_name, pk=pk)
