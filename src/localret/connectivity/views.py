"""Connectivity pages. Coverage pages are public; imports and planning are for staff; saved
scenarios and candidate sets are read by staff and the Board."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
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
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.core import cache as data_cache
from localret.core import formatting
from localret.core.export import csv_stream, xlsx_stream
from localret.core.formatting import choice_label
from localret.core.tabular import ImportFailed
from localret.territory.interface import boundaries_path

from . import permissions, presentation, selectors, services
from .classification import GIGABIT_DOWN_MBPS, GIGABIT_UP_MBPS, NGA_DOWN_MBPS
from .forms import CostOverrideForm, CoverageImportForm, ScenarioForm
from .models import (
    AreaClass,
    Candidate,
    CandidateSet,
    ImportJob,
    PlannerJob,
    Scenario,
    Scheme,
    SolverOutcome,
    change_label,
)
from .tasks import run_premise_import

LEVEL_LABELS = {
    "municipality": gettext_lazy("Municipality"),
    "comarca": gettext_lazy("Comarca"),
    "vegueria": gettext_lazy("Vegueria"),
    "province": gettext_lazy("Province"),
}
SORTS = ("name", "households", "gigabit_share", "white_households")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def gaps(request: HttpRequest) -> HttpResponse:
    """Public: gigabit gap by level, a choropleth and a sortable table."""
    level = request.GET.get("level", "comarca")
    if level not in selectors.LEVELS:
        level = "comarca"
    year = _int(request.GET.get("year"))
    # Public and the same for everyone: computed once per data version (core/cache.py).
    table, is_demo = data_cache.cached(
        "connectivity:gaps",
        reads=("connectivity", "territory"),
        parts=(level, year, get_language()),
        build=lambda: (selectors.gap_table(level, year), selectors.has_demo_coverage()),
    )
    order = request.GET.get("order", "name")
    reverse_order = order.startswith("-")
    key = order.lstrip("-")
    if key not in SORTS:
        key, reverse_order = "name", False
    rows = sorted(
        table["rows"],
        key=lambda r: (r[key] is None, r[key] if r[key] is not None else 0),
        reverse=reverse_order,
    )
    context = {
        "level": level,
        "levels": list(LEVEL_LABELS.items()),
        "table": table,
        "rows": rows,
        "order": order,
        "sorts": SORTS,
        "has_boundaries": boundaries_path("municipis") is not None,
        "is_demo": is_demo,
        "thresholds": {
            "nga": NGA_DOWN_MBPS,
            "down": GIGABIT_DOWN_MBPS,
            "up": GIGABIT_UP_MBPS,
        },
    }
    if request.headers.get("HX-Request"):
        return render(request, "connectivity/_gap_table.html", context)
    return render(request, "connectivity/gaps.html", context)


def map_data(request: HttpRequest) -> JsonResponse:
    """Public: gigabit share (%) per municipality for the map."""
    year = _int(request.GET.get("year"))
    return JsonResponse(
        {
            "mode": "choropleth" if boundaries_path("municipis") else "points",
            "as_of": str(year or selectors.year_for() or ""),  # the coverage year (tooltip)
            "items": selectors.map_values(year),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def changes(request: HttpRequest) -> HttpResponse:
    """Public: areas whose classification changed between two years."""
    reads = ("connectivity", "territory")
    years = data_cache.cached(
        "connectivity:years", reads=reads, build=lambda: list(selectors.coverage_years())
    )
    year_from = _int(request.GET.get("from")) or (years[0] if years else None)
    year_to = _int(request.GET.get("to")) or (years[-1] if years else None)
    municipality = request.GET.get("municipality", "").strip()[:20]
    result = None
    if year_from and year_to:
        # Public and the same for everyone: computed once per data version (core/cache.py).
        result = data_cache.cached(
            "connectivity:changes",
            reads=reads,
            parts=(year_from, year_to, municipality, get_language()),
            build=lambda: selectors.classification_changes(
                year_from, year_to, municipality or None
            ),
        )
    return render(
        request,
        "connectivity/changes.html",
        {
            "years": years,
            "year_from": year_from,
            "year_to": year_to,
            "municipality": municipality,
            "result": result,
            "counts": _change_counts(result),
            "shown": [_change_row(c) for c in result["changes"][:500]] if result else [],
        },
    )


def _change_row(change: dict[str, Any]) -> dict[str, Any]:
    """One change as people read it: scheme and classes by their labels, not their codes."""
    return {
        **change,
        "scheme_label": choice_label(Scheme, change["scheme"]),
        "before_label": choice_label(AreaClass, change["before"]),
        "after_label": choice_label(AreaClass, change["after"]),
    }


def _change_counts(result: dict[str, Any] | None) -> list[tuple[str, str, int]]:
    """(scheme, "gris → negre", areas) rows of the summary table."""
    if not result:
        return []
    rows = []
    for scheme, counts in result["counts"].items():
        for key, n in counts.items():
            before, _arrow, after = key.partition("→")
            rows.append(
                (
                    choice_label(Scheme, scheme),
                    change_label(before.strip("-") or None, after.strip("-") or None),
                    n,
                )
            )
    return rows


def municipality_page(request: HttpRequest, code: str) -> HttpResponse:
    """Public: one municipality's coverage, areas, classification and trend."""
    from localret.territory.interface import municipality_get

    municipality = municipality_get(code)
    if municipality is None:
        raise Http404
    years = selectors.coverage_years()
    year = _int(request.GET.get("year"))
    summary = selectors.municipality_summary(code, year if year in years else None)
    trend = []
    for y in years:
        s = selectors.municipality_summary(code, y)
        if s:
            trend.append(
                {
                    "year": y,
                    "share": s["gigabit_share"],
                    "white": s["white_households"],
                    "pct": round((s["gigabit_share"] or 0) * 100, 1),
                }
            )
    chart = {
        "x": [t["year"] for t in trend],
        "yLabel": "%",
        "series": [{"name": _("Households with gigabit (%)"), "data": [t["pct"] for t in trend]}],
    }
    return render(
        request,
        "connectivity/municipality.html",
        {
            "municipality": municipality,
            "summary": summary,
            "years": years,
            "trend": trend,
            "chart": chart,
            "forecast": selectors.coverage_forecast(code),
        },
    )


def municipality_section(request: HttpRequest, municipality: Any) -> dict[str, Any] | None:
    """Block for the territory municipality page (public coverage aggregates only)."""
    summary = selectors.municipality_summary(municipality.code)
    if summary is None:
        return None
    return {
        "title": _("Connectivity"),
        "template": "connectivity/_municipality_section.html",
        "context": {"summary": summary, "code": municipality.code},
    }


def deployments(request: HttpRequest) -> HttpResponse:
    """Public: deployments (operator, programme, premises, cost, funding, status)."""
    return render(
        request,
        "connectivity/deployments.html",
        {"deployments": selectors.deployments()},
    )


@login_required
def coverage_import(request: HttpRequest) -> HttpResponse:
    """Staff: import a coverage file (dry run first)."""
    if not permissions.can_import_coverage(request.user):
        raise PermissionDenied
    result = None
    issues: list[Any] = []
    if request.method == "POST":
        form = CoverageImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if form.cleaned_data["format"] == "areas":
                try:
                    result = services.coverage_import_areas(
                        data=upload.read(),
                        filename=upload.name,
                        source=form.cleaned_data["source"] or "ministry",
                        dry_run=form.cleaned_data["dry_run"],
                        by=request.user,
                    )
                    if not result.dry_run:
                        messages.success(request, _("The coverage file has been imported."))
                except ImportFailed as exc:
                    issues = exc.issues
            else:
                folder = Path(settings.MEDIA_ROOT) / "connectivity" / "imports"
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{uuid.uuid4().hex}.csv"
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                job = services.import_job_create(
                    path=path,
                    filename=upload.name,
                    year=form.cleaned_data["year"],
                    source=form.cleaned_data["source"] or "premises",
                    dry_run=form.cleaned_data["dry_run"],
                    by=request.user,
                )
                run_premise_import.enqueue(job.pk)
                return redirect("connectivity:job", job_id=job.pk)
    else:
        form = CoverageImportForm()
    return render(
        request,
        "connectivity/import.html",
        {"form": form, "result": result, "issues": issues},
    )


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """Staff: progress of an import job (the partial is polled by HTMX)."""
    if not permissions.can_import_coverage(request.user):
        raise PermissionDenied
    import_job = get_object_or_404(ImportJob, pk=job_id)
    template = (
        "connectivity/_job.html" if request.headers.get("HX-Request") else "connectivity/job.html"
    )
    return render(request, template, {"job": import_job})


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
        out = xlsx_stream([("selection", headings, selection), ("summary", None, summary)])
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
