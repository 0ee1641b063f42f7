"""Shared helpers of strategy's pages: the date asked for, the plan and tree at it, access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from localret.core.params import BadParameter, date_param

from .. import permissions, selectors, services
from ..models import Indicator, Plan
from ..snapshot import plan_snapshot

# --- Helpers ------------------------------------------------------------------------------------


def parse_as_of(request: HttpRequest) -> dt.date | None:
    """``?as_of=`` through the platform's one date parser (core/params.py); 400 when bad."""
    try:
        return date_param(request, "as_of")
    except BadParameter as exc:
        raise BadRequest(str(exc)) from exc


def _plan(request: HttpRequest, slug: str) -> Plan:
    plan = selectors.plan_get(slug, request.user)
    if plan is None:
        raise Http404
    return plan


def _tree(plan: Plan, as_of: dt.date | None, user: Any) -> selectors.PlanTree:
    """The plan as of a date; 404 when it did not exist then, or was a draft then and the user
    may not read drafts."""
    try:
        tree = plan_snapshot(plan, as_of)
    except selectors.PlanNotFound as exc:
        raise Http404(str(exc)) from exc
    if not permissions.can_read_plan(user, tree.plan):  # the plan as it stood then
        raise Http404("The plan was not public on that date.")
    return tree


def _indicator_as_of(
    request: HttpRequest, ind: Indicator, as_of: dt.date | None
) -> selectors.IndicatorDetail:
    """The indicator as of a date; 404 as :func:`_tree` (its plan did not exist, or was a draft
    then for a user who may not read drafts)."""
    try:
        detail = selectors.indicator_detail(ind, as_of, viewer=request.user)
    except selectors.PlanNotFound as exc:
        raise Http404(str(exc)) from exc
    if not permissions.can_read_plan(request.user, detail.plan):
        raise Http404("The plan was not public on that date.")
    return detail


def _common(request: HttpRequest, tree: selectors.PlanTree) -> dict[str, Any]:
    return {
        "tree": tree,
        "plan": tree.plan,
        "as_of": tree.as_of,
        "live": tree.live,
        "can_edit": permissions.can_edit_plan(request.user)
        and tree.live
        and tree.plan.status != Plan.Status.CLOSED,
        "can_see_changes": permissions.can_see_changes(request.user),
        "is_hx": bool(request.headers.get("HX-Request")),
    }


def _node_or_404(tree: selectors.PlanTree, kind: str, code: str) -> selectors.Node:
    node = tree.find_code(kind, code)
    if node is None:
        raise Http404
    return node


# --- Staff: editing -----------------------------------------------------------------------------


def _form_response(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    action: str,
    cancel: str,
    save: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], str],
    after: str | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET: the form (a fragment for HTMX, a page otherwise). POST: validate, call the service,
    then go to ``success(obj)`` (HX-Redirect for HTMX).

    ``after``: a template shown after the form (with ``extra`` in its context), e.g. the
    indicator's milestones; an HTMX POST answers the form alone, which replaces itself."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except services.StrategyError as exc:
            for error in exc.errors:
                field = error.get("field")
                form.add_error(field if field in form.fields else None, error["message"])
        else:
            messages.success(request, _("Saved."))
            url = success(obj)
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    context = {"form": form, "title": title, "action": action, "cancel": cancel, **(extra or {})}
    is_hx = bool(request.headers.get("HX-Request"))
    template = "strategy/_form.html" if is_hx else "strategy/form_page.html"
    if after and not (is_hx and request.method == "POST"):
        context["after"] = after
    # HTMX only swaps 2xx answers: the fragment with its errors comes back as 200.
    status = 422 if request.method == "POST" and template == "strategy/form_page.html" else 200
    return render(request, template, context, status=status)


def _editable_plan(request: HttpRequest, slug: str) -> Plan:
    plan = _plan(request, slug)
    if plan.status == Plan.Status.CLOSED:
        raise PermissionDenied(_("A closed plan cannot be changed."))
    return plan


def _copy(obj: Any) -> Any:
    """A detached copy for a ModelForm to validate against (services do the real write)."""
    if obj is None:
        return None
    return type(obj).objects.get(pk=obj.pk)


def _deleted(request: HttpRequest, slug: str, action: Callable[[], Any]) -> HttpResponse:
    """Run a delete service, say how it went (flash message) and go back to the plan page."""
    try:
        action()
    except services.StrategyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Deleted."))
    url = reverse("strategy:plan_detail", args=[slug])
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)
