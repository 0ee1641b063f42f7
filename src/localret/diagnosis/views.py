"""Diagnosis pages. Staff edit (HTMX forms); Board members read; everyone else gets 403."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import permissions, selectors, services
from .forms import FindingForm, StakeholderForm
from .models import Finding


def _plan_or_404(slug: str) -> Any:
    plan = selectors.plan_get(slug)
    if plan is None:
        raise Http404
    return plan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Staff and Board: the plans whose diagnosis can be read."""
    if not permissions.can_view_diagnosis(request.user):
        raise PermissionDenied
    from localret.strategy.interface import Plan

    return render(request, "diagnosis/plan_list.html", {"plans": Plan.objects.all()})


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff and Board: SWOT, PESTEL and the stakeholder map (chart and table)."""
    if not permissions.can_view_diagnosis(request.user):
        raise PermissionDenied
    plan = _plan_or_404(slug)
    groups = selectors.grouped_findings(plan)
    labels = dict(Finding.Category.choices)
    return render(
        request,
        "diagnosis/overview.html",
        {
            "plan": plan,
            "swot": [(c, labels[c], groups[c]) for c in Finding.SWOT],
            "pestel": [(c, labels[c], groups[c]) for c in Finding.PESTEL],
            "stakeholders": list(selectors.stakeholder_list(plan)),
            "chart": selectors.stakeholder_chart(plan),
            "can_edit": permissions.can_edit_diagnosis(request.user),
        },
    )


def _done(request: HttpRequest, slug: str, anchor: str) -> HttpResponse:
    url = reverse("diagnosis:overview", args=[slug]) + anchor
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    template = (
        "diagnosis/_form.html" if request.headers.get("HX-Request") else "diagnosis/form.html"
    )
    return render(request, template, context)


@login_required
def finding_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Staff: create or edit a SWOT/PESTEL finding (full page, or a fragment for HTMX)."""
    if not permissions.can_edit_diagnosis(request.user):
        raise PermissionDenied
    plan = _plan_or_404(slug)
    finding = None
    if pk is not None:
        finding = selectors.finding_get(plan, pk)
        if finding is None:
            raise Http404
    if request.method == "POST":
        form = FindingForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.finding_save(
                    plan=plan,
                    by=request.user,
                    finding=finding,
                    category=data["category"],
                    title=data["title"],
                    description=data["description"],
                    source=data["source"],
                    action_line_codes=data["action_lines"],
                )
            except services.InvalidInput as exc:
                for error in exc.errors:
                    form.add_error(
                        error["field"] if error["field"] in form.fields else None, error["message"]
                    )
            else:
                return _done(request, slug, "#findings")
    elif finding is not None:
        form = FindingForm(
            plan=plan,
            initial={
                "category": finding.category,
                "title": finding.title,
                "description": finding.description,
                "source": finding.source,
                "action_lines": [a.code for a in finding.action_lines.all()],
            },
        )
    else:
        form = FindingForm(plan=plan, initial={"category": request.GET.get("category", "")})
    action = (
        reverse("diagnosis:finding_edit", args=[slug, pk])
        if pk
        else reverse("diagnosis:finding_create", args=[slug])
    )
    return _form_page(
        request,
        {"plan": plan, "form": form, "action": action, "object": finding, "kind": "finding"},
    )


@login_required
def finding_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff: delete a finding (POST)."""
    if not permissions.can_edit_diagnosis(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponse(status=405)
    plan = _plan_or_404(slug)
    finding = selectors.finding_get(plan, pk)
    if finding is None:
        raise Http404
    services.finding_delete(finding=finding, by=request.user)
    return _done(request, slug, "#findings")


@login_required
def stakeholder_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Staff: create or edit a stakeholder of the map."""
    if not permissions.can_edit_diagnosis(request.user):
        raise PermissionDenied
    plan = _plan_or_404(slug)
    stakeholder = None
    if pk is not None:
        stakeholder = selectors.stakeholder_get(plan, pk)
        if stakeholder is None:
            raise Http404
    if request.method == "POST":
        form = StakeholderForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.stakeholder_save(
                    plan=plan,
                    by=request.user,
                    stakeholder=stakeholder,
                    name=data["name"],
                    scope=data["scope"],
                    sector=data["sector"],
                    interest=data["interest"],
                    influence=data["influence"],
                    source=data["source"],
                    notes=data["notes"],
                    action_line_codes=data["action_lines"],
                )
            except services.InvalidInput as exc:
                for error in exc.errors:
                    form.add_error(
                        error["field"] if error["field"] in form.fields else None, error["message"]
                    )
            else:
                return _done(request, slug, "#stakeholders")
    elif stakeholder is not None:
        form = StakeholderForm(
            plan=plan,
            initial={
                "name": stakeholder.name,
                "scope": stakeholder.scope,
                "sector": stakeholder.sector,
                "interest": stakeholder.interest,
                "influence": stakeholder.influence,
                "source": stakeholder.source,
                "notes": stakeholder.notes,
                "action_lines": [a.code for a in stakeholder.action_lines.all()],
            },
        )
    else:
        form = StakeholderForm(plan=plan)
    action = (
        reverse("diagnosis:stakeholder_edit", args=[slug, pk])
        if pk
        else reverse("diagnosis:stakeholder_create", args=[slug])
    )
    return _form_page(
        request,
        {
            "plan": plan,
            "form": form,
            "action": action,
            "object": stakeholder,
            "kind": "stakeholder",
        },
    )


@login_required
def stakeholder_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff: delete a stakeholder (POST)."""
    if not permissions.can_edit_diagnosis(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponse(status=405)
    plan = _plan_or_404(slug)
    stakeholder = selectors.stakeholder_get(plan, pk)
    if stakeholder is None:
        raise Http404
    services.stakeholder_delete(stakeholder=stakeholder, by=request.user)
    return _done(request, slug, "#stakeholders")
