"""Coverage pages (public): gaps, the map's data, changes, deployments and a municipality's
connectivity; the coverage import (staff)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.accounts.interface import roles
from localret.core import cache as data_cache
from localret.core.errors import Conflict
from localret.core.formatting import choice_label
from localret.core.fragments import fragment
from localret.core.tabular import ImportFailed
from localret.territory.interface import boundaries_path

from .. import import_jobs, permissions, selectors, services
from ..classification import GIGABIT_DOWN_MBPS, GIGABIT_UP_MBPS, NGA_DOWN_MBPS
from ..forms import CoverageImportForm
from ..models import (
    AreaClass,
    ImportJob,
    Scheme,
    change_label,
)
from ..tasks import run_premise_import

LEVEL_LABELS = {
    "municipality": gettext_lazy("Municipality"),
    "comarca": gettext_lazy("Comarca"),
    "vegueria": gettext_lazy("Vegueria"),
    "province": gettext_lazy("Province"),
}
SORTS = ("name", "households", "gigabit_share", "white_households")
READS = ("connectivity", "territory")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _viewer(request: HttpRequest) -> dict[str, bool]:
    """The viewer's flags the pages' links depend on (the connectivity menu, history links):
    the parts of every fragment of these pages, and in their context."""
    return {
        "user_can_read_internal": roles.can_read_internal(request.user),
        "user_is_staff_member": roles.is_staff_member(request.user),
    }


def gaps(request: HttpRequest) -> HttpResponse:
    """Public: gigabit gap by level, a choropleth and a sortable table."""
    level = request.GET.get("level", "comarca")
    if level not in selectors.LEVELS:
        level = "comarca"
    year = _int(request.GET.get("year"))
    order = request.GET.get("order", "name")
    reverse_order = order.startswith("-")
    key = order.lstrip("-")
    if key not in SORTS:
        order, key, reverse_order = "name", "name", False
    viewer = _viewer(request)

    def page() -> dict[str, Any]:
        # Public and the same for everyone: computed once per data version (core/cache.py).
        table, is_demo = data_cache.cached(
            "connectivity:gaps",
            reads=READS,
            parts=(level, year, get_language()),
            build=lambda: (selectors.gap_table(level, year), selectors.has_demo_coverage()),
        )
        rows = sorted(
            table["rows"],
            key=lambda r: (r[key] is None, r[key] if r[key] is not None else 0),
            reverse=reverse_order,
        )
        return {
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
            **viewer,
        }

    # Rendered once per data version, level, year, order and the viewer's flags
    # (core/fragments.py).
    table_only = bool(request.headers.get("HX-Request"))  # the table swapped by a sort
    content = fragment(
        "connectivity:gap-table" if table_only else "connectivity:gaps",
        template="connectivity/_gap_table.html" if table_only else "connectivity/gaps_content.html",
        reads=READS,
        context=page,
        parts=(level, year, order, tuple(viewer.values())),
    )
    if table_only:
        return HttpResponse(content)
    return render(request, "connectivity/gaps.html", {"content": content})


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
    asked_from = _int(request.GET.get("from"))
    asked_to = _int(request.GET.get("to"))
    municipality = request.GET.get("municipality", "").strip()[:20]
    viewer = _viewer(request)

    def page() -> dict[str, Any]:
        years = data_cache.cached(
            "connectivity:years", reads=READS, build=lambda: list(selectors.coverage_years())
        )
        year_from = asked_from or (years[0] if years else None)
        year_to = asked_to or (years[-1] if years else None)
        result = None
        if year_from and year_to:
            # Public and the same for everyone: computed once per data version.
            result = data_cache.cached(
                "connectivity:changes",
                reads=READS,
                parts=(year_from, year_to, municipality, get_language()),
                build=lambda: selectors.classification_changes(
                    year_from, year_to, municipality or None
                ),
            )
        return {
            "years": years,
            "year_from": year_from,
            "year_to": year_to,
            "municipality": municipality,
            "result": result,
            "counts": _change_counts(result),
            "shown": [_change_row(c) for c in result["changes"][:500]] if result else [],
            **viewer,
        }

    # Rendered once per data version, years and municipality asked for and the viewer's flags
    # (core/fragments.py).
    content = fragment(
        "connectivity:changes",
        template="connectivity/changes_content.html",
        reads=READS,
        context=page,
        parts=(asked_from, asked_to, municipality, tuple(viewer.values())),
    )
    return render(request, "connectivity/changes.html", {"content": content})


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
    from localret.territory.interface import municipality_get, municipality_name

    name = municipality_name(code)
    if name is None:
        raise Http404
    year = _int(request.GET.get("year"))
    viewer = _viewer(request)

    def page() -> dict[str, Any]:
        municipality = municipality_get(code)
        years = selectors.coverage_years()
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
            "series": [
                {"name": _("Households with gigabit (%)"), "data": [t["pct"] for t in trend]}
            ],
        }
        return {
            "municipality": municipality,
            "summary": summary,
            "years": years,
            "trend": trend,
            "chart": chart,
            "forecast": selectors.coverage_forecast(code),
            **viewer,
        }

    # Public coverage aggregates: rendered once per data version, municipality, year asked
    # for and the viewer's flags (core/fragments.py).
    content = fragment(
        "connectivity:municipality",
        template="connectivity/municipality_content.html",
        reads=READS,
        context=page,
        parts=(code, year, tuple(viewer.values())),
    )
    return render(
        request,
        "connectivity/municipality.html",
        {"name": name, "content": content},
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
    viewer = _viewer(request)
    # Rendered once per data version and the viewer's flags (core/fragments.py).
    content = fragment(
        "connectivity:deployments",
        template="connectivity/deployments_content.html",
        reads=("connectivity",),
        context=lambda: {"deployments": selectors.deployments(), **viewer},
        parts=tuple(viewer.values()),
    )
    return render(request, "connectivity/deployments.html", {"content": content})


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
                job = import_jobs.import_job_create(
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
@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    """Staff (POST): run again an import its worker left unfinished (nothing was written)."""
    if not permissions.can_import_coverage(request.user):
        raise PermissionDenied
    import_job = get_object_or_404(ImportJob, pk=job_id)
    try:
        import_jobs.import_job_retry(job=import_job, by=request.user)
    except Conflict:  # not interrupted (a file refused for its content), or its file is gone
        messages.error(
            request,
            _(
                "Only an import that the server interrupted can be run again, while its file "
                "is kept. Upload the file again."
            ),
        )
    else:
        messages.success(request, _("The import has been queued again."))
    return redirect("connectivity:job", job_id=import_job.pk)
