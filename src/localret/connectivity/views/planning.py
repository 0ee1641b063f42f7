"""Planner pages: the planner, its background runs (polled through estat.json), scenarios
and their export, comparison, candidate sets and cost overrides. For staff; saved scenarios
and candidate sets are read by the Board too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from localret.core import formatting
from localret.core.export import csv_stream, xlsx_stream
from localret.core.formatting import choice_label
from localret.territory.interface import boundaries_path

from .. import permissions, presentation, selectors, services
from ..forms import CostOverrideForm, ScenarioForm
from ..models import (
    AreaClass,
    Candidate,
    CandidateSet,
    PlannerJob,
    Scenario,
    SolverOutcome,
)
from .coverage import _int


@login_required
def planner_home(request: HttpRequest) -> HttpResponse:
    """Staff and Board: candidate sets, saved scenarios; staff run new scenarios."""
    if not permissions.can_read_plans(request.user):
        raise PermissionDenied
    can_plan = permissions.can_plan(request.user)
    form = None
    if can_plan:
        if request.method == "POST":
            form = ScenarioForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                spec = services.ScenarioInput(
                    candidates=data["candidates"].name,
                    budget_eur=float(data["budget_eur"]),
                    balance_level=data["balance_level"] or None,
                    min_share=float(data["min_share"] or 0),
                    must_include=data["must_include"],
                    must_exclude=data["must_exclude"],
                    time_limit_s=float(data["time_limit_s"]),
                    mip_gap=float(data["mip_gap"]),
                )
                # Solved by the background worker; its page follows the run.
                job = services.planner_job_create(
                    candidate_set=data["candidates"],
                    spec=spec,
                    name=data["name"],
                    by=request.user,
                )
                return redirect("connectivity:planner_job", job_id=job.pk)
        else:
            form = ScenarioForm()
    elif request.method == "POST":
        raise PermissionDenied
    sets = [(s, s.items.count()) for s in selectors.candidate_sets()]
    services.planner_jobs_mark_stale()
    jobs = PlannerJob.objects.select_related("candidate_set", "scenario")[:10] if can_plan else []
    return render(
        request,
        "connectivity/planner.html",
        {
            "form": form,
            "sets": sets,
            "scenarios": selectors.scenarios()[:50],
            "can_plan": can_plan,
            "jobs": jobs,
        },
    )


def _planner_job_or_404(request: HttpRequest, job_id: int) -> PlannerJob:
    if not permissions.can_plan(request.user):
        raise PermissionDenied
    services.planner_jobs_mark_stale()
    job = PlannerJob.objects.select_related("candidate_set", "scenario").filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


@login_required
def planner_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """Staff: how a planner run is going (the page polls its status), cancel it, run it again."""
    job = _planner_job_or_404(request, job_id)
    return render(
        request,
        "connectivity/planner_job.html",
        {
            "job": job,
            "state": presentation.job_status(job),
            "spec": job.parameters,
        },
    )


@login_required
def planner_job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    """Staff: the run's status for its page's script (labels and formatted figures
    in the page's language; the API has the codes and numbers)."""
    job = _planner_job_or_404(request, job_id)
    response = JsonResponse(presentation.job_status(job), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def planner_job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    """Staff (POST): cancel a queued or running planner run."""
    if not permissions.can_plan(request.user):
        raise PermissionDenied
    job = _planner_job_or_404(request, job_id)
    if job.active:
        services.planner_job_cancel(job=job, by=request.user)
        messages.info(request, _("The run was cancelled."))
    return redirect("connectivity:planner_job", job_id=job.pk)


@login_required
@require_POST
def planner_job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    """Staff (POST): run a failed, cancelled or abandoned planner run again."""
    if not permissions.can_plan(request.user):
        raise PermissionDenied
    job = _planner_job_or_404(request, job_id)
    if job.status == PlannerJob.Status.FAILED:
        services.planner_job_retry(job=job, by=request.user)
    return redirect("connectivity:planner_job", job_id=job.pk)


def _scenario_or_404(request: HttpRequest, scenario_id: int) -> Scenario:
    if not permissions.can_read_plans(request.user):
        raise PermissionDenied
    scenario = selectors.scenarios().filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404
    return scenario


def _selection_rows(scenario: Scenario) -> Iterator[dict[str, Any]]:
    """The selected areas of a scenario, one at a time (read in chunks, for the exports)."""
    selected = set(scenario.result.get("selected", []))
    year_of = scenario.result.get("year_of", {})
    items = scenario.candidate_set.items.filter(area_id_code__in=selected).select_related(
        "municipality__comarca__vegueria"
    )
    for c in items.order_by("municipality__comarca__name", "area_id_code").iterator(2000):
        yield {
            "area_id": c.area_id_code,
            "municipality": c.municipality.code,
            "municipality_name": c.municipality.name,
            "comarca": c.municipality.comarca.name,
            "comarca_code": c.municipality.comarca.code,
            "vegueria": c.municipality.comarca.vegueria.name,
            "households": c.households,
            "cost_eur": c.effective_cost,
            "classification": c.classification,
            "year": int(year_of.get(c.area_id_code, 0)) + 1,
        }


def _per_million(households: float, cost: float) -> float | None:
    """Households reached per million euros (None without cost)."""
    return households / (cost / 1e6) if cost else None


def _by_comarca(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The selection summed per comarca: areas, households, budget and households reached per
    million euros, largest budget first."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        t = totals.setdefault(
            row["comarca"],
            {
                "name": row["comarca"],
                "code": row.get("comarca_code", ""),
                "areas": 0,
                "households": 0,
                "cost": 0.0,
            },
        )
        t["areas"] += 1
        t["households"] += row["households"] or 0
        t["cost"] += float(row["cost_eur"] or 0)
    out = sorted(totals.values(), key=lambda t: (-t["cost"], t["name"]))
    for t in out:
        t["per_million"] = _per_million(t["households"], t["cost"])
    return out


def _comarca_map(by_comarca: list[dict[str, Any]]) -> dict[str, Any]:
    """The selection by comarca for the map: each comarca's share of the spending (%), and its
    tooltip lines already formatted in the page's language (the script only escapes them)."""
    total = sum(c["cost"] for c in by_comarca)
    return {
        "items": [
            {
                "code": c["code"],
                "name": c["name"],
                "value": round(100 * c["cost"] / total, 2) if total else 0,
                "lines": [
                    [_("Budget"), formatting.money(c["cost"])],
                    [_("Share of the budget"), formatting.percent(c["cost"] / total, 1)]
                    if total
                    else [_("Share of the budget"), formatting.DASH],
                    [_("Areas"), formatting.number(c["areas"])],
                    [_("Households covered"), formatting.number(c["households"])],
                    [
                        _("Households per million euros"),
                        formatting.number(c["per_million"], max_decimals=1),
                    ],
                ],
            }
            for c in by_comarca
        ]
    }


@login_required
def scenario(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """Staff and Board: a saved scenario, side by side with greedy."""
    obj = _scenario_or_404(request, scenario_id)
    r = obj.result
    regions = sorted(
        set(r.get("cost_by_region", {})) | set(r.get("floors", {})),
    )
    region_rows = [
        {
            "name": name or "-",
            "cost": r.get("cost_by_region", {}).get(name, 0),
            "households": r.get("households_by_region", {}).get(name, 0),
            "floor": r.get("floors", {}).get(name),
        }
        for name in regions
    ]
    curve = r.get("curve") or []
    rows = list(_selection_rows(obj))
    by_comarca = _by_comarca(rows)
    chart = {
        "x": [round(p["budget"] / 1e6, 2) for p in curve],
        "xLabel": "M EUR",
        "xNumber": True,  # budgets: formatted in the page's locale (valuemap.js)
        "yLabel": _("households"),
        "series": [
            {"name": _("Optimal (MILP)"), "data": [p["households"] for p in curve]},
            {"name": _("Greedy"), "data": [p["greedy_households"] for p in curve]},
        ],
    }
    return render(
        request,
        "connectivity/scenario.html",
        {
            "scenario": obj,
            "r": r,
            "region_rows": region_rows,
            "rows": rows,
            "by_comarca": by_comarca,
            "comarca_map": _comarca_map(by_comarca),
            "has_comarca_boundaries": boundaries_path("comarques") is not None,
            "per_million": _per_million(r["households_covered"], float(r["cost_eur"] or 0)),
            "greedy_per_million": _per_million(
                r["greedy"]["households_covered"], float(r["greedy"]["cost_eur"] or 0)
            ),
            "curve": curve,
            "chart": chart,
            "gain": r["households_covered"] - r["greedy"]["households_covered"],
            "explanation": presentation.scenario_explanation(r),
            "spec": obj.parameters,
        },
    )


EXPORT_COLUMNS = (
    "area_id",
    "municipality",
    "municipality_name",
    "comarca",
    "vegueria",
    "households",
    "cost_eur",
    "classification",
    "year",
)


EXPORT_HEADINGS = {
    "area_id": pgettext_lazy("coverage area", "Area"),
    "municipality": gettext_lazy("Municipality code"),
    "municipality_name": gettext_lazy("Municipality"),
    "comarca": gettext_lazy("Comarca"),
    "vegueria": gettext_lazy("Vegueria"),
    "households": gettext_lazy("Households"),
    "cost_eur": gettext_lazy("Cost (EUR)"),
    "classification": gettext_lazy("Class"),
    "year": gettext_lazy("Year"),
}


@login_required
def scenario_export(request: HttpRequest, scenario_id: int, fmt: str) -> HttpResponseBase:
    """Staff and Board: the selected areas of a scenario as CSV or XLSX."""
    obj = _scenario_or_404(request, scenario_id)
    rows = _selection_rows(obj)
    filename = f"scenario-{obj.pk}"
    if fmt == "csv":
        # Streamed: one line at a time, whatever the size of the selection.
        response = StreamingHttpResponse(
            csv_stream(EXPORT_COLUMNS, ([row[c] for c in EXPORT_COLUMNS] for row in rows)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        r = obj.result
        greedy = r["greedy"]
        # For people: labels in the page's language, the outcome in words, real numbers.
        summary: list[list[Any]] = [
            [_("Outcome"), choice_label(SolverOutcome, r.get("status"))],
            [_("Why"), presentation.scenario_explanation(r) or "—"],
            [_("Households covered"), r.get("households_covered")],
            [_("Cost (EUR)"), r.get("cost_eur")],
            [_("Proven relative gap"), r.get("mip_gap")],
            [_("Solve time (s)"), r.get("solve_seconds")],
            [_("Households covered by greedy"), greedy["households_covered"]],
            [_("Cost of greedy (EUR)"), greedy["cost_eur"]],
            [_("Demo data"), _("yes") if obj.is_demo else _("no")],
        ]
        selection = (
            [
                float(row[c])
                if c == "cost_eur"
                else choice_label(AreaClass, row[c])
                if c == "classification"
                else row[c]
                for c in EXPORT_COLUMNS
            ]
            for row in rows
        )
        # For people: headings in the page's language (the CSV keeps its documented columns).
        headings = [str(EXPORT_HEADINGS[c]) for c in EXPORT_COLUMNS]
        # Write-only workbook: rows go to a temporary file as they come.
        out = xlsx_stream([(_("Selection"), headings, selection), (_("Summary"), None, summary)])
        return FileResponse(
            out,
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404


@login_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    """Staff and Board: two or more saved scenarios side by side."""
    if not permissions.can_read_plans(request.user):
        raise PermissionDenied
    ids = [i for i in (_int(v) for v in request.GET.getlist("id")) if i is not None][:4]
    items = list(selectors.scenarios().filter(pk__in=ids))
    sets = [set(s.result.get("selected", [])) for s in items]
    common = set.intersection(*sets) if sets else set()
    return render(
        request,
        "connectivity/compare.html",
        {"items": items, "common": len(common), "all": selectors.scenarios()[:50], "ids": ids},
    )


@login_required
def candidate_set(request: HttpRequest, name: str) -> HttpResponse:
    """Staff and Board: the candidates of a set; staff override costs."""
    if not permissions.can_read_plans(request.user):
        raise PermissionDenied
    cset = get_object_or_404(CandidateSet, name=name)
    items = cset.items.select_related("municipality").order_by("-households")[:300]
    return render(
        request,
        "connectivity/candidates.html",
        {
            "cset": cset,
            "items": items,
            "count": cset.items.count(),
            "can_plan": permissions.can_plan(request.user),
        },
    )


@login_required
@require_POST
def candidate_override(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: override the cost of one candidate area (kept in its history)."""
    if not permissions.can_plan(request.user):
        raise PermissionDenied
    candidate = get_object_or_404(Candidate, pk=pk)
    form = CostOverrideForm(request.POST)
    if form.is_valid():
        services.candidate_cost_override(
            candidate=candidate,
            cost_eur=form.cleaned_data["cost_override_eur"],
            note=form.cleaned_data["override_note"],
            by=request.user,
        )
        messages.success(request, _("The cost has been saved."))
    else:
        messages.error(request, _("The cost is not valid."))
    return redirect(reverse("connectivity:candidates", args=[candidate.candidate_set.name]))
