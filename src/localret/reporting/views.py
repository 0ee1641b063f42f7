"""Reporting views: Board reports (staff and Board), the public transparency portal and the
open data (everyone, no login)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from localret.core import cache as data_cache
from localret.core.access import allowed
from localret.core.api import problem_response, request_user
from localret.core.fragments import fragment, fragment_with_head
from localret.core.params import BadParameter, date_param
from localret.core.versions import EVERY
from localret.governance import interface as governance
from localret.strategy import interface as strategy

from . import permissions, report, services, sources, territorial
from .models import PublicationConsent, ReportJob

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _parse_date(request: HttpRequest, method: str = "GET") -> dt.date | None:
    """``as_of`` of the query or form through the one date parser (core/params.py), today when
    absent; ``None`` when bad."""
    try:
        return date_param(request, "as_of", method=method, default=timezone.localdate())
    except BadParameter:
        return None


def _language(request: HttpRequest) -> str:
    codes = [code for code, _ in settings.LANGUAGES]
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    return lang if lang in codes else (translation.get_language() or "ca")[:2]


# --------------------------------------------------------------------------- Board report


def board_report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Staff and Board (session or ``Authorization: Bearer``): the Board report of a plan as of
    ``?as_of=`` (default today) in ``?lang=`` (default the user's language). Municipal users
    and collaborators: 403. The public: 401 with a Bearer attempt, otherwise a redirect to log
    in."""
    user = request_user(request)
    if not getattr(user, "is_authenticated", False):
        if request.headers.get("Authorization"):
            denied: HttpResponse = problem_response(401, "Authentication required")
            denied["WWW-Authenticate"] = "Bearer"
            return denied
        return redirect_to_login(request.get_full_path())
    if not permissions.can_get_board_report(user):
        raise PermissionDenied
    plan = sources.plan_get(slug)
    if plan is None:
        raise Http404
    as_of = _parse_date(request)
    if as_of is None:
        return HttpResponseBadRequest("as_of must be a date YYYY-MM-DD")
    as_of = sources.report_as_of(plan, as_of)  # a closed plan: at most its end
    # A plan that did not exist at that date is strategy's PlanNotFound, a NotFound: 404
    # (core.failures.DomainErrorMiddleware).
    content = report.document(plan, as_of, _language(request), fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}-{as_of:%Y-%m-%d}.{fmt}"'
    return response


@allowed(permissions.can_get_board_report)
def reports_page(request: HttpRequest) -> HttpResponse:
    """Staff and Board: ask for a Board report (built in the background) and see past jobs."""
    plans = list(sources.plan_model().objects.order_by("-period_start"))
    if request.method == "POST":
        plan = sources.plan_get(request.POST.get("plan", ""))
        as_of = _parse_date(request, "POST")
        fmt = request.POST.get("format", "pdf")
        if plan is None or as_of is None or fmt not in CONTENT_TYPES:
            return HttpResponseBadRequest(_("Choose a plan, a date and a format."))
        job = services.report_job_create(
            plan_slug=plan.slug,
            as_of=sources.report_as_of(plan, as_of),
            format=fmt,
            language=_language(request),
            by=request.user,
        )
        return redirect("reporting:job", pk=job.pk)
    today = timezone.localdate()
    quarter_end = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    services.report_jobs_mark_stale()
    jobs = ReportJob.objects.filter(created_by=request.user.pk).defer("content")[:20]
    return render(
        request,
        "reporting/reports.html",
        {
            "plans": plans,
            "jobs": jobs,
            "today": today,
            "last_quarter_end": quarter_end,
            "language_choices": [(c, str(n)) for c, n in settings.LANGUAGES],
            "current_language": _language(request),
        },
    )


def _job(request: HttpRequest, pk: int) -> ReportJob:
    services.report_jobs_mark_stale()
    job = ReportJob.objects.defer("content").filter(pk=pk).first()
    if job is None or not (
        permissions.can_see_report_job(request.user, job) or request.user.is_superuser
    ):
        raise Http404
    return job


@allowed(permissions.can_get_board_report)
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and Board (own jobs): the progress of a report job; polls while it runs."""
    job = _job(request, pk)
    template = (
        "reporting/_job_status.html" if request.headers.get("HX-Request") else "reporting/job.html"
    )
    return render(request, template, {"job": job, "worker_died": services.WORKER_DIED})


@allowed(permissions.can_get_board_report)
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and who asked for it (POST): cancel a queued or running job."""
    if request.method != "POST":
        return redirect("reporting:job", pk=pk)
    job = _job(request, pk)
    if not permissions.can_manage_report_job(request.user, job):
        raise PermissionDenied
    if job.status in services.ACTIVE:
        services.report_job_cancel(job=job, by=request.user)
    return redirect("reporting:job", pk=pk)


@allowed(permissions.can_get_board_report)
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and who asked for it (POST): run a failed, cancelled or abandoned job again."""
    if request.method != "POST":
        return redirect("reporting:job", pk=pk)
    job = _job(request, pk)
    if not permissions.can_manage_report_job(request.user, job):
        raise PermissionDenied
    if job.status == ReportJob.Status.FAILED:
        services.report_job_retry(job=job, by=request.user)
    return redirect("reporting:job", pk=pk)


@allowed(permissions.can_get_board_report)
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and Board (own jobs): the finished report."""
    job = _job(request, pk)
    if job.status != ReportJob.Status.DONE:
        raise Http404
    content = ReportJob.objects.values_list("content", flat=True).get(pk=pk)
    response = HttpResponse(bytes(content or b""), content_type=CONTENT_TYPES[job.format])
    response["Content-Disposition"] = (
        f'attachment; filename="{job.plan_slug}-{job.as_of:%Y-%m-%d}.{job.format}"'
    )
    return response


# --------------------------------------------------------------------------- transparency


def _public_plan(slug: str) -> Any:
    plan = sources.plan_get(slug)
    if plan is None or not sources.plan_is_public(plan):
        raise Http404
    return plan


def transparency_home(request: HttpRequest) -> HttpResponse:
    """Public: the approved plans and their progress, the Board's public agreements."""
    today = timezone.localdate()

    def build() -> dict[str, Any]:
        plans = []
        for plan in sources.public_plans():
            tree = strategy.plan_outline(
                plan, min(today, plan.period_end) if plan.status == "closed" else today
            )
            plans.append({"plan": plan, "tree": tree})
        return {"plans": plans, "agreements": list(governance.public_agreements()[:10])}

    # Public and the same for everyone: rendered once per data version (core/fragments.py).
    content = fragment(
        "reporting:transparency-home",
        template="reporting/transparency_home_content.html",
        reads=EVERY,
        context=build,
    )
    return render(request, "reporting/transparency_home.html", {"content": content})


def transparency_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: one approved (or closed) plan with its objectives and progress."""
    plan = _public_plan(slug)
    as_of = _as_of_public(plan)
    # Public and the same for everyone: rendered once per data version (core/fragments.py).
    content = fragment(
        "reporting:plan",
        template="reporting/transparency_plan_content.html",
        reads=EVERY,
        parts=(plan.pk, as_of),
        context=lambda: {
            "plan": plan,
            "tree": strategy.plan_outline(plan, as_of),
            "as_of": as_of,
        },
    )
    return render(request, "reporting/transparency_plan.html", {"plan": plan, "content": content})


def _as_of_public(plan: Any) -> dt.date:
    """Today, or a closed plan's end (the date its Board report defaults to)."""
    return sources.report_as_of(plan)


def transparency_objective(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Public: one objective of a public plan, its action lines and indicators."""
    plan = _public_plan(slug)
    as_of = _as_of_public(plan)

    def build() -> dict[str, Any]:
        tree = strategy.plan_outline(plan, as_of)
        objective = next((o for o in tree["objectives"] if o["code"] == code), None)
        if objective is None:
            raise Http404
        lines = {a["code"] for a in objective["action_lines"]}
        indicators = [i for i in strategy.indicator_rows(plan, as_of) if i["action_line"] in lines]
        for ind in indicators:
            ind["progress_text"] = report.pct(ind["progress"])
            ind["status_label"] = str(report.STATUS_LABELS.get(ind["status"], ind["status"]))
        return {
            "plan": plan,
            "objective": objective,
            "indicators": indicators,
            "agreements": list(governance.public_agreements(plan=plan)),
        }

    # Public and the same for everyone: rendered once per data version (core/fragments.py).
    content, title = fragment_with_head(
        "reporting:objective",
        template="reporting/transparency_objective_content.html",
        reads=EVERY,
        parts=(plan.pk, as_of, code),
        context=build,
        head=lambda c: f"{c['objective']['code']}. {c['objective']['name']}",
    )
    return render(
        request, "reporting/transparency_objective.html", {"title": title, "content": content}
    )


def transparency_agreements(request: HttpRequest) -> HttpResponse:
    """Public: the Board's (and other bodies') public agreements. No person is named."""
    content = fragment(
        "reporting:agreements",
        template="reporting/transparency_agreements_content.html",
        reads=("governance",),
        context=lambda: {"agreements": list(governance.public_agreements())},
    )
    return render(request, "reporting/transparency_agreements.html", {"content": content})


def transparency_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: one public agreement (number, text, vote result, plan elements)."""

    def build() -> dict[str, Any]:
        agreement = governance.public_agreement_get(pk)
        if agreement is None:
            raise Http404
        return {"agreement": agreement}

    # The plan it names is strategy's: its name and whether it is public.
    content, number = fragment_with_head(
        "reporting:agreement",
        template="reporting/transparency_agreement_content.html",
        reads=("governance", "strategy"),
        parts=(pk,),
        context=build,
        head=lambda c: str(c["agreement"].number),
    )
    return render(
        request, "reporting/transparency_agreement.html", {"number": number, "content": content}
    )


def maturity_published(code: str) -> bool:
    """A municipality's maturity level is public only with its consent (kept here)."""
    return PublicationConsent.objects.filter(
        municipality__code=code, publish_maturity=True
    ).exists()


def municipality_public(code: str) -> dict[str, Any]:
    """What the portal shows about one municipality (public data only)."""
    return {
        "connectivity": sources.municipality_connectivity(code),
        "adhesions": sources.municipality_adhesions(code),
        "projects": sources.municipality_projects(code),
        "pilots": sources.municipality_pilots(code),
        "maturity": sources.municipality_maturity_level(code) if maturity_published(code) else None,
    }


def transparency_municipality(request: HttpRequest, code: str) -> HttpResponse:
    """Public: everything that concerns one municipality (connectivity, services it adheres
    to, projects and pilots, maturity level if it agreed to publish it, public agreements)."""
    from localret.territory.interface import municipality_get

    municipality = municipality_get(code)
    if municipality is None:
        raise Http404
    # Public data only (the maturity level with the municipality's consent, reporting's own
    # table): rendered once per data version (core/fragments.py).
    content = fragment(
        "reporting:municipality",
        template="reporting/transparency_municipality_content.html",
        reads=EVERY,
        parts=(code,),
        context=lambda: {
            "municipality": municipality,
            "ctx": municipality_public(code),
            "agreements": list(governance.public_agreements(municipality=municipality)),
        },
    )
    return render(
        request,
        "reporting/transparency_municipality.html",
        {"municipality": municipality, "content": content},
    )


def municipality_section(request: HttpRequest, municipality: Any) -> dict | None:
    """Block for the territory's municipality page: a link to its transparency page."""
    code = municipality.code
    can_consent = permissions.can_set_publication_consent(request.user, code)
    return {
        "title": _("Transparency"),
        "template": "reporting/_municipality_section.html",
        "context": {
            "municipality": municipality,
            "can_consent": can_consent,
            "publishes_maturity": maturity_published(code) if can_consent else None,
        },
    }


# --------------------------------------------------------------------------- balance page


RATIO_BANDS = [
    ("lt05", 0.0, 0.5),
    ("05-08", 0.5, 0.8),
    ("08-125", 0.8, 1.25),
    ("125-2", 1.25, 2.0),
    ("gt2", 2.0, float("inf")),
]


def _ratio_band(ratio: float | None) -> str:
    if ratio is None:
        return "none"
    return next(code for code, lo, hi in RATIO_BANDS if lo <= ratio < hi)


def _ratio_band_label(low: float, high: float) -> str:
    """A band of the effort/reference ratio in the reader's figures (``0,8 – 1,25``)."""
    from localret.core.formatting import number

    if low == 0:
        return f"< {number(high)}"
    if high == float("inf"):
        return f"> {number(low)}"
    return f"{number(low)} – {number(high)}"


def _balance_params(request: HttpRequest) -> tuple[str, int | None, str] | None:
    level = request.GET.get("level", "comarca")
    basis = request.GET.get("basis", "population")
    year_s = request.GET.get("year", "")
    if level not in territorial.LEVELS or basis not in territorial.BASES:
        return None
    if year_s and not year_s.isdigit():
        return None
    return level, int(year_s) if year_s else None, basis


def balance_page(request: HttpRequest) -> HttpResponse:
    """Public: territorial balance of Localret's effort, table, trend and map."""
    params = _balance_params(request)
    if params is None:
        return HttpResponseBadRequest("level=comarca|vegueria, basis, year=YYYY")
    level, year, basis = params
    today = timezone.localdate()
    has_boundaries = _has_boundaries()

    def build() -> dict[str, Any]:
        # The same figures as the map's (balance_map_data): computed once for both.
        return {
            "result": _balance_result(level, year, basis, today),
            "trend": territorial.trend(level=level, basis=basis, as_of=today),
            "level": level,
            "basis": basis,
            "year": year,
            "years": list(range(territorial.FIRST_YEAR, today.year + 1)),
            # The map asks for what the page shows (the parameters as parsed, nothing else).
            "query": urlencode(
                {"level": level, "basis": basis, **({"year": year} if year is not None else {})}
            ),
            "has_boundaries": has_boundaries,
        }

    # Balance indices read the effort of every app: rendered once per data version and choice.
    content = fragment(
        "reporting:balance",
        template="reporting/balance_content.html",
        reads=EVERY,
        parts=(level, year, basis, has_boundaries),
        context=build,
    )
    return render(request, "reporting/balance.html", {"content": content})


def _balance_result(level: str, year: int | None, basis: str, today: dt.date) -> dict[str, Any]:
    return data_cache.cached(
        "reporting:balance-result",
        reads=EVERY,
        parts=(level, year, basis, today),
        build=lambda: territorial.compute(level=level, year=year, basis=basis, as_of=today),
    )


def balance_map_data(request: HttpRequest) -> JsonResponse:
    """Public: each municipality coloured by its region's effort/reference ratio (map)."""
    from localret.territory.interface import map_points

    params = _balance_params(request)
    if params is None:
        return JsonResponse({"error": "bad parameters"}, status=400)
    level, year, basis = params
    today = timezone.localdate()
    result = _balance_result(level, year, basis, today)
    where, _regions = territorial._regions(level)
    band_of = {i["code"]: _ratio_band(i["ratio"]) for i in result["items"]}
    labels = {code: _ratio_band_label(lo, hi) for code, lo, hi in RATIO_BANDS}
    labels["none"] = _("no effort")
    items = []
    for p in map_points():
        band = band_of.get(where.get(p["code"], ("",))[0], "none")
        items.append({**p, "band": band, "band_label": labels[band]})
    bands = [{"code": code, "label": labels[code]} for code in [*dict.fromkeys(labels)]]
    return JsonResponse(
        {
            "mode": "choropleth" if _has_boundaries() else "points",
            "bands": bands,
            "items": items,
            # The figures the map shows are those of this day (the tooltip says so).
            "as_of": today.isoformat(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _has_boundaries() -> bool:
    from localret.territory.interface import boundaries_path

    return boundaries_path("municipis") is not None


def publication_consent(request: HttpRequest, code: str) -> HttpResponse:
    """Staff and the municipality's own users: agree (or stop agreeing) that the municipality's
    maturity level appears on its public transparency page. POST only."""
    from localret.territory.interface import municipality_get

    if request.method != "POST":
        return HttpResponse(status=405)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_set_publication_consent(request.user, code):
        raise PermissionDenied
    municipality = municipality_get(code)
    if municipality is None:
        raise Http404
    services.publication_consent_set(
        municipality=municipality,
        publish_maturity=request.POST.get("publish_maturity") == "on",
        by=request.user,
    )
    return redirect("territory:municipality_detail", code=code)
