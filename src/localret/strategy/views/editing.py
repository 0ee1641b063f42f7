"""Editing pages of the plan: the plan, its yearly values and its nodes (staff only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from localret.core.access import allowed

from .. import permissions, selectors, services
from ..forms import (
    ActionLineForm,
    IndicatorForm,
    InitiativeForm,
    ObjectiveForm,
    PlanCopyForm,
    PlanCreateForm,
    PlanForm,
    PlanValueForm,
)
from ..models import ActionLine, Indicator, Initiative, Plan, PlanValue, StrategicObjective
from .base import _copy, _deleted, _editable_plan, _form_response, _plan
from .measurements import _milestones_context


@allowed(permissions.can_edit_plan)
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: edit the plan's name, period, mission, vision and thresholds (not its status)."""
    plan = _editable_plan(request, slug)
    original = Plan.objects.get(pk=plan.pk)
    form = PlanForm(request.POST or None, instance=plan)
    url = reverse("strategy:plan_detail", args=[slug])
    return _form_response(
        request,
        form=form,
        title=_("Edit the plan"),
        action=request.path,
        cancel=url,
        save=lambda data: services.plan_update(plan=original, by=request.user, **data),
        success=lambda obj: url,
    )


@allowed(permissions.can_edit_plan)
def plan_copy(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: copy the plan's structure into a new draft plan (next mandate)."""
    plan = _plan(request, slug)
    form = PlanCopyForm(request.POST or None)
    return _form_response(
        request,
        form=form,
        title=_("Copy the structure into a new plan"),
        action=request.path,
        cancel=reverse("strategy:plan_detail", args=[slug]),
        save=lambda data: services.plan_copy(plan=plan, by=request.user, **data),
        success=lambda obj: reverse("strategy:plan_detail", args=[obj.slug]),
    )


@allowed(permissions.can_edit_plan)
def plan_add(request: HttpRequest) -> HttpResponse:
    """Staff: create a new plan (a draft: its status only changes through Board agreements)."""
    form = PlanCreateForm(request.POST or None)
    return _form_response(
        request,
        form=form,
        title=_("New plan"),
        action=request.path,
        cancel=reverse("strategy:index"),
        save=lambda data: services.plan_create(by=request.user, **data),
        success=lambda obj: reverse("strategy:plan_detail", args=[obj.slug]),
    )


@allowed(permissions.can_edit_plan)
def value_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Staff: add (no pk) or edit a value of the plan; the edit form also offers to delete it.

    The plan page links here (HTMX loads the form in place); no form of the cached plan page
    carries a CSRF token of its own."""
    plan = _editable_plan(request, slug)
    obj = None
    if pk is not None:
        obj = PlanValue.objects.filter(plan=plan, pk=pk).first()
        if obj is None:
            raise Http404
    form = PlanValueForm(request.POST or None, instance=_copy(obj) or PlanValue(plan=plan))
    url = reverse("strategy:plan_detail", args=[slug])

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            return services.plan_value_create(plan=plan, by=request.user, **data)
        if data.get("position") is None:
            data.pop("position", None)
        return services.plan_value_update(value=obj, by=request.user, **data)

    return _form_response(
        request,
        form=form,
        title=_("Edit the value") if obj else _("Add a value"),
        action=request.path,
        cancel=url,
        save=save,
        success=lambda o: url,
        after="strategy/_value_delete.html" if obj else None,
        extra={"plan": plan, "plan_value": obj},
    )


@allowed(permissions.can_edit_plan)
def value_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff: delete a value of the plan (POST)."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    plan = _editable_plan(request, slug)
    value = PlanValue.objects.filter(plan=plan, pk=pk).first()
    if value is None:
        raise Http404
    return _deleted(request, slug, lambda: services.plan_value_delete(value=value, by=request.user))


@allowed(permissions.can_edit_plan)
def objective_form(request: HttpRequest, slug: str, code: str | None = None) -> HttpResponse:
    """Staff: add (no code) or edit a strategic objective."""
    plan = _editable_plan(request, slug)
    obj = None
    if code is not None:
        obj = StrategicObjective.objects.filter(plan=plan, code=code).first()
        if obj is None:
            raise Http404
    form = ObjectiveForm(request.POST or None, instance=_copy(obj) or StrategicObjective(plan=plan))
    url = reverse("strategy:plan_detail", args=[slug])

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            return services.objective_create(plan=plan, by=request.user, **data)
        return services.objective_update(objective=obj, by=request.user, **data)

    return _form_response(
        request,
        form=form,
        title=_("Strategic objective"),
        action=request.path,
        cancel=url,
        save=save,
        success=lambda o: reverse("strategy:objective_detail", args=[slug, o.code]),
    )


@allowed(permissions.can_edit_plan)
def action_line_form(
    request: HttpRequest, slug: str, code: str | None = None, objective_code: str | None = None
) -> HttpResponse:
    """Staff: add an action line to an objective, or edit one."""
    plan = _editable_plan(request, slug)
    obj = objective = None
    if code is not None:
        obj = ActionLine.objects.filter(objective__plan=plan, code=code).first()
        if obj is None:
            raise Http404
    else:
        objective = StrategicObjective.objects.filter(plan=plan, code=objective_code).first()
        if objective is None:
            raise Http404
    form = ActionLineForm(
        request.POST or None, instance=_copy(obj) or ActionLine(objective=objective)
    )

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            assert objective is not None  # noqa: S101 - narrows the type; always true here
            return services.action_line_create(objective=objective, by=request.user, **data)
        return services.action_line_update(action_line=obj, by=request.user, **data)

    return _form_response(
        request,
        form=form,
        title=_("Action line"),
        action=request.path,
        cancel=reverse("strategy:plan_detail", args=[slug]),
        save=save,
        success=lambda o: reverse("strategy:action_line_detail", args=[slug, o.code]),
    )


@allowed(permissions.can_edit_plan)
def initiative_form(
    request: HttpRequest, slug: str, code: str | None = None, line_code: str | None = None
) -> HttpResponse:
    """Staff: add an initiative to an action line, or edit one."""
    plan = _editable_plan(request, slug)
    obj = line = None
    if code is not None:
        obj = Initiative.objects.filter(action_line__objective__plan=plan, code=code).first()
        if obj is None:
            raise Http404
    else:
        line = ActionLine.objects.filter(objective__plan=plan, code=line_code).first()
        if line is None:
            raise Http404
    form = InitiativeForm(request.POST or None, instance=_copy(obj) or Initiative(action_line=line))

    def save(data: dict[str, Any]) -> Any:
        municipalities = data.pop("municipality_codes")
        if obj is None:
            assert line is not None  # noqa: S101 - narrows the type; always true here
            return services.initiative_create(
                action_line=line, by=request.user, municipalities=municipalities, **data
            )
        return services.initiative_update(
            initiative=obj, by=request.user, municipalities=municipalities, **data
        )

    return _form_response(
        request,
        form=form,
        title=_("Initiative"),
        action=request.path,
        cancel=reverse("strategy:plan_detail", args=[slug]),
        save=save,
        success=lambda o: reverse("strategy:initiative_detail", args=[slug, o.code]),
    )


@allowed(permissions.can_edit_plan)
def indicator_form(
    request: HttpRequest,
    slug: str | None = None,
    code: str | None = None,
    line_code: str | None = None,
) -> HttpResponse:
    """Staff: add an indicator to an action line (or ``?initiative=<code>``), or edit one."""
    obj = line = initiative = None
    if code is not None:
        obj = selectors.indicator_get(code, request.user)
        if obj is None:
            raise Http404
        plan = selectors.indicator_plan(obj)
        if plan.status == Plan.Status.CLOSED:
            raise PermissionDenied
        instance = _copy(obj)
    else:
        assert slug is not None  # noqa: S101 - narrows the type; always true here
        plan = _editable_plan(request, slug)
        initiative_code = request.GET.get("initiative") or request.POST.get("initiative_code")
        if initiative_code:
            initiative = Initiative.objects.filter(
                action_line__objective__plan=plan, code=initiative_code
            ).first()
        else:
            line = ActionLine.objects.filter(objective__plan=plan, code=line_code).first()
        if line is None and initiative is None:
            raise Http404
        instance = Indicator(action_line=line, initiative=initiative)
    form = IndicatorForm(request.POST or None, instance=instance)

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            return services.indicator_create(
                by=request.user, action_line=line, initiative=initiative, **data
            )
        return services.indicator_update(indicator=obj, by=request.user, **data)

    return _form_response(
        request,
        form=form,
        title=_("Indicator"),
        action=request.get_full_path(),
        cancel=reverse("strategy:plan_detail", args=[plan.slug]),
        save=save,
        success=lambda o: reverse("strategy:indicator_detail", args=[o.code]),
        after="strategy/_milestones.html" if obj is not None else None,
        extra=_milestones_context(obj) if obj is not None else None,
    )


@allowed(permissions.can_edit_plan)
def node_delete(request: HttpRequest, slug: str, kind: str, code: str) -> HttpResponse:
    """Staff: delete an objective, action line, initiative or indicator (POST)."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    plan = _editable_plan(request, slug)
    by = request.user
    if kind == "objective":
        o = StrategicObjective.objects.filter(plan=plan, code=code).first()
        action = (lambda: services.objective_delete(objective=o, by=by)) if o else None
    elif kind == "action_line":
        a = ActionLine.objects.filter(objective__plan=plan, code=code).first()
        action = (lambda: services.action_line_delete(action_line=a, by=by)) if a else None
    elif kind == "initiative":
        i = Initiative.objects.filter(action_line__objective__plan=plan, code=code).first()
        action = (lambda: services.initiative_delete(initiative=i, by=by)) if i else None
    elif kind == "indicator":
        x = Indicator.objects.filter(
            Q(action_line__objective__plan=plan) | Q(initiative__action_line__objective__plan=plan),
            code=code,
        ).first()
        action = (lambda: services.indicator_delete(indicator=x, by=by)) if x else None
    else:
        raise Http404
    if action is None:
        raise Http404
    return _deleted(request, slug, action)
