"""Pages of the maturity app. Each view's docstring says who may use it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db.models import Count
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.accounts import roles
from localret.core import cache as data_cache
from localret.core.export import csv_stream
from localret.core.formatting import sentence
from localret.core.tabular import ImportFailed, parse_decimal
from localret.territory.bands import BAND_CODES, BANDS, band_from_query, band_label
from localret.territory.selectors import municipality_get, municipality_list

from . import engine, permissions, scoring, selectors, services
from .models import (
    Adhesion,
    Answer,
    Assessment,
    MaturityIndicator,
    Milestone,
    Project,
    ProjectDocument,
    RoadmapItem,
)

LEVEL_COLOURS = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


def _municipality_or_404(code: str) -> Any:
    municipality = municipality_get(code)
    if municipality is None:
        raise Http404
    return municipality


# --- Public pages ---------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """Everyone: aggregates per band and comarca of the latest campaign, and the map. Staff
    also see the review queue and campaign progress."""

    def build() -> dict[str, Any]:
        campaign = selectors.latest_campaign()
        shared: dict[str, Any] = {"campaign": campaign, "campaigns": list(selectors.campaigns())}
        if campaign is not None:
            shared["by_band"] = selectors.aggregates_by_band(campaign)
            shared["by_comarca"] = selectors.aggregates_by_comarca(campaign)
            shared["dimensions"] = selectors.dimensions_of(campaign.model)
        return shared

    # The benchmark aggregates are public and the same for everyone: computed once per data
    # version (core/cache.py); what belongs to the viewer is added below.
    context: dict[str, Any] = dict(
        data_cache.cached(
            "maturity:index",
            reads=("maturity", "territory"),
            parts=(get_language(),),
            build=build,
        )
    )
    if roles.is_staff_member(request.user):
        context["queue"] = selectors.review_queue()
        context["progress"] = [(c, selectors.campaign_progress(c)) for c in context["campaigns"]]
    codes = roles.municipality_codes(request.user)
    context["own"] = sorted(codes)
    context["bands"] = BANDS
    context["has_boundaries"] = _has_boundaries()
    return render(request, "maturity/index.html", context)


def model_page(request: HttpRequest) -> HttpResponse:
    """Everyone: the maturity model (dimensions, indicators, weights, bands, services)."""
    model = selectors.current_model()
    if model is None:
        raise Http404
    return render(
        request,
        "maturity/model.html",
        {"model": model, "dimensions": selectors.model_structure(model), "bands": BANDS},
    )


def band_benchmark(request: HttpRequest, band: str) -> HttpResponse:
    """Everyone: aggregates of one population band per dimension. Staff and Board also see the
    named ranking; a municipal user sees where their own municipality stands among anonymous
    peers. A fixed number of queries whatever the number of municipalities."""
    band = band_from_query(band)
    if band not in BAND_CODES:
        raise Http404
    slug = request.GET.get("campaign", "")
    campaign = selectors.campaign_get(slug) if slug else selectors.latest_campaign()
    if campaign is None:
        raise Http404
    rows = selectors.campaign_rows(campaign, band=band)
    dims = selectors.dimensions_of(campaign.model)
    aggregate = selectors.public_tables(campaign).aggregate([c for c, _n in dims], band=band)
    names = dict(dims)
    for d in aggregate["dimensions"]:
        d["name"] = names.get(d["code"], d["code"])
    ranking = None
    if permissions.can_view_named_rankings(request.user):
        ranking = sorted(rows, key=lambda r: (-r["overall"], r["name"]))
    own_codes = roles.municipality_codes(request.user)
    anonymous = None
    if own_codes and not aggregate["suppressed"]:
        ordered = sorted(rows, key=lambda r: -r["overall"])
        anonymous = [
            {
                "label": r["name"] if r["code"] in own_codes else _("Peer %(n)s") % {"n": i},
                "own": r["code"] in own_codes,
                "overall": r["overall"],
                "level": r["level"],
            }
            for i, r in enumerate(ordered, start=1)
        ]
    return render(
        request,
        "maturity/band.html",
        {
            "campaign": campaign,
            "campaigns": selectors.campaigns(),
            "band": band,
            "band_label": band_label(band),
            "aggregate": aggregate,
            "ranking": ranking,
            "anonymous": anonymous,
            "bands": BANDS,
        },
    )


def map_data(request: HttpRequest) -> JsonResponse:
    """Everyone: each municipality coloured by the median level of its comarca (comarques with
    too few assessed municipalities to publish are "no data")."""
    slug = request.GET.get("campaign", "")
    campaign = selectors.campaign_get(slug) if slug else selectors.latest_campaign()
    medians = {m["code"]: m for m in selectors.map_medians(campaign)} if campaign else {}
    categories = [{"code": f"L{i}", "label": _("Level %(n)s") % {"n": i}} for i in range(1, 6)]
    categories.append({"code": "none", "label": _("No data")})
    items = []
    for code, name, lat, lon, comarca, comarca_name in municipality_list().values_list(
        "code", "name", "lat", "lon", "comarca__code", "comarca__name"
    ):
        median = medians.get(comarca, {}).get("median")
        category = "none" if median is None else f"L{scoring.level_of(median)}"
        label = (
            _("No data")
            if median is None
            else _("%(comarca)s: median %(median)s")
            % {
                "comarca": comarca_name,
                # in the page's language (Catalan 2,35): the map's tooltip shows it as it is
                "median": formats.number_format(
                    Decimal(f"{median:.2f}"), use_l10n=True, force_grouping=True
                ),
            }
        )
        items.append(
            {
                "code": code,
                "name": name,
                "lat": lat,
                "lon": lon,
                "band": category,
                "band_label": label,
            }
        )
    return JsonResponse(
        {
            "mode": "choropleth" if _has_boundaries() else "points",
            "as_of": str(campaign.year) if campaign else "",  # the map's tooltip
            "bands": categories,
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _has_boundaries() -> bool:
    from localret.territory.views import boundaries_path

    return boundaries_path("municipis") is not None


def services_page(request: HttpRequest) -> HttpResponse:
    """Everyone: Localret's services catalogue with the number of adhesions. Staff and Board
    also see which municipalities adhere; staff record an adhesion or its end."""
    if request.method == "POST":
        if not permissions.can_manage_adhesions(request.user):
            raise PermissionDenied
        _adhesion_post(request)
        return redirect("maturity:services")
    catalogue = selectors.service_catalogue()
    counts = selectors.adhesion_counts()
    show_members = permissions.can_view_named_rankings(request.user)
    adhesions: dict[str, list[Adhesion]] = {}
    if show_members:
        for a in (
            Adhesion.objects.filter(until__isnull=True)
            .select_related("municipality", "service")
            .order_by("municipality__search_name")
        ):
            adhesions.setdefault(a.service.code, []).append(a)
    rows = [
        {"service": s, "count": counts.get(s.code, 0), "members": adhesions.get(s.code, [])}
        for s in catalogue
    ]
    return render(
        request,
        "maturity/services.html",
        {
            "rows": rows,
            "show_members": show_members,
            "can_manage": permissions.can_manage_adhesions(request.user),
            "today": timezone.localdate(),
        },
    )


def _adhesion_post(request: HttpRequest) -> None:
    from localret.maturity.models import Service

    try:
        if request.POST.get("action") == "end":
            adhesion = Adhesion.objects.get(pk=request.POST.get("adhesion") or 0)
            until = dt.date.fromisoformat(request.POST.get("until", ""))
            services.adhesion_end(adhesion=adhesion, until=until, by=request.user)
        else:
            service = Service.objects.get(code=request.POST.get("service", ""))
            municipality = municipality_get(request.POST.get("municipality", "").strip())
            if municipality is None:
                raise ValueError(_("Unknown municipality code."))
            since = dt.date.fromisoformat(request.POST.get("since", ""))
            services.adhesion_create(
                service=service, municipality=municipality, since=since, by=request.user
            )
        messages.success(request, _("The adhesion has been saved."))
    except (ValueError, Adhesion.DoesNotExist, Service.DoesNotExist) as exc:
        messages.error(request, _("The adhesion was not saved: %(error)s") % {"error": exc})


# --- A municipality's results ---------------------------------------------------------------


def municipality_page(request: HttpRequest, code: str) -> HttpResponse:
    """Staff, Board and the municipality's own users: results with peers (band, comarca,
    province), radar against the band median, evolution, assessments, roadmap and projects."""
    municipality = _municipality_or_404(code)
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    if not permissions.can_view_results(request.user, code):
        raise PermissionDenied
    results = selectors.municipality_results(code)
    radar = None
    if results is not None:
        radar = {
            "indicators": [{"name": d["name"], "max": 100} for d in results["dimensions"]],
            "own": [d["score"] or 0 for d in results["dimensions"]],
            "band": [d["band_median"] or 0 for d in results["dimensions"]],
            "own_label": municipality.name,
            "band_label": _("Median of the band %(band)s") % {"band": band_label(results["band"])},
        }
    roadmap = selectors.roadmap_for(code)
    return render(
        request,
        "maturity/municipality.html",
        {
            "municipality": municipality,
            "results": results,
            "radar": radar,
            "evolution": selectors.evolution(code),
            "assessments": selectors.assessments_of(code),
            "open_campaign": selectors.open_campaign(),
            "can_start": permissions.can_start_assessment(request.user, code),
            "roadmap": roadmap,
            "roadmap_progress": selectors.roadmap_progress(roadmap) if roadmap else None,
            "projects": selectors.projects_of(code),
            "services": selectors.services_of(code),
            "can_generate_roadmap": permissions.can_generate_roadmap(request.user),
        },
    )


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


@login_required
@require_POST
def assessment_start(request: HttpRequest, code: str) -> HttpResponse:
    """The municipality's users and staff: open (or continue) the assessment of the open
    campaign."""
    municipality = _municipality_or_404(code)
    if not permissions.can_start_assessment(request.user, code):
        raise PermissionDenied
    campaign = selectors.open_campaign()
    if campaign is None:
        messages.error(request, _("No campaign is open."))
        return redirect("maturity:municipality", code=code)
    assessment = services.assessment_start(
        municipality=municipality, campaign=campaign, by=request.user
    )
    return redirect("maturity:assessment", pk=assessment.pk)


def _parse_form(
    request: HttpRequest, sections: list[dict[str, Any]]
) -> tuple[dict[int, services.AnswerInput], dict[int, str]]:
    inputs: dict[int, services.AnswerInput] = {}
    errors: dict[int, str] = {}
    url_ok = URLValidator(schemes=["http", "https"])
    for section in sections:
        for item in section["items"]:
            ind: MaturityIndicator = item["indicator"]
            if not item["applies"]:
                continue
            raw = request.POST.get(f"v_{ind.pk}", "").strip()
            value: Decimal | None = None
            if raw:
                try:
                    value = parse_decimal(raw)
                except ValueError as exc:
                    errors[ind.pk] = str(exc)
                    continue
                problem = engine.validate_value(ind, value)
                if problem:
                    errors[ind.pk] = problem
                    continue
            url = request.POST.get(f"u_{ind.pk}", "").strip()
            if url:
                try:
                    url_ok(url)
                except Exception:
                    errors[ind.pk] = _("The evidence URL is not a valid http(s) address.")
                    continue
            upload = request.FILES.get(f"f_{ind.pk}")
            if upload is not None:
                problem = services.check_evidence_file(upload)
                if problem:
                    errors[ind.pk] = problem
                    continue
            inputs[ind.pk] = services.AnswerInput(
                value=value,
                evidence_url=url,
                comment=request.POST.get(f"c_{ind.pk}", "").strip(),
                evidence_file=upload,
                clear_file=bool(request.POST.get(f"x_{ind.pk}")),
            )
    return inputs, errors


@login_required
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff, Board and the municipality's users see it; the municipality's users and staff
    fill it, save it and submit it while it is a draft or returned; staff validate or return it.
    """
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_view_assessment(request.user, assessment):
        raise PermissionDenied
    sections = selectors.assessment_sections(assessment)
    errors: dict[int, str] = {}
    if request.method == "POST":
        if not permissions.can_edit_assessment(request.user, assessment):
            raise PermissionDenied
        inputs, errors = _parse_form(request, sections)
        if not errors:
            services.answers_save(assessment=assessment, answers=inputs, by=request.user)
            if request.POST.get("action") == "submit":
                services.assessment_submit(assessment=assessment, by=request.user)
                messages.success(request, _("The assessment has been submitted to Localret."))
            else:
                messages.success(request, _("Your answers have been saved."))
            return redirect("maturity:assessment", pk=assessment.pk)
        messages.error(request, _("Some answers are not valid; nothing was saved."))
    for section in sections:
        for item in section["items"]:
            item["error"] = errors.get(item["indicator"].pk)
            item["posted"] = request.POST.get(f"v_{item['indicator'].pk}") if errors else None
    provisional = engine.provisional_scores(assessment)
    return render(
        request,
        "maturity/assessment.html",
        {
            "assessment": assessment,
            "sections": sections,
            "can_edit": permissions.can_edit_assessment(request.user, assessment),
            "can_review": permissions.can_review(request.user)
            and assessment.status == Assessment.Status.SUBMITTED,
            "can_revise": permissions.can_start_assessment(
                request.user, assessment.municipality.code
            )
            and assessment.status == Assessment.Status.VALIDATED
            and not assessment.superseded,
            "reviews": list(assessment.reviews.select_related("by")),
            "provisional": provisional,
            "answered": sum(
                1
                for s in sections
                for i in s["items"]
                if i["answer"] and i["answer"].value is not None
            ),
            "applicable": sum(1 for s in sections for i in s["items"] if i["applies"]),
        },
    )


@login_required
@require_POST
def assessment_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: validate or return (with a comment) a submitted assessment."""
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_review(request.user):
        raise PermissionDenied
    comment = request.POST.get("comment", "").strip()
    try:
        if request.POST.get("action") == "return":
            services.assessment_return(assessment=assessment, comment=comment, by=request.user)
            messages.success(request, _("The assessment has been returned to the municipality."))
        else:
            services.assessment_validate(assessment=assessment, comment=comment, by=request.user)
            messages.success(request, _("The assessment has been validated."))
    except (ValueError, services.InvalidTransition) as exc:
        messages.error(request, str(exc))
    return redirect("maturity:assessment", pk=assessment.pk)


@login_required
@require_POST
def assessment_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """The municipality's users and staff: a change to a validated assessment starts a new
    revision (the validated one stays as it was)."""
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_start_assessment(request.user, assessment.municipality.code):
        raise PermissionDenied
    try:
        new = services.assessment_revise(assessment=assessment, by=request.user)
    except services.InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect("maturity:assessment", pk=assessment.pk)
    return redirect("maturity:assessment", pk=new.pk)


@login_required
def assessment_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Staff, Board and the municipality's users: the answers as CSV (the import format)."""
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_view_assessment(request.user, assessment):
        raise PermissionDenied
    code = assessment.municipality.code
    answers = (
        Answer.objects.filter(assessment=assessment).select_related("indicator").iterator(2000)
    )
    rows = (
        [
            code,
            answer.indicator.code,
            "" if answer.value is None else answer.value.normalize(),
            answer.evidence_url,
            answer.comment,
        ]
        for answer in answers
    )
    # Streamed, one line at a time (like the open data).
    response = StreamingHttpResponse(
        csv_stream(["municipality", "indicator", "value", "evidence_url", "comment"], rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="maduresa-{code}-'
        f'{assessment.campaign.slug}-r{assessment.revision}.csv"'
    )
    return response


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Staff, Board and the municipality's users: an uploaded evidence file (never served
    from a public media URL)."""
    answer = Answer.objects.select_related("assessment__municipality").filter(pk=pk).first()
    if answer is None or not answer.evidence_file:
        raise Http404
    if not permissions.can_view_assessment(request.user, answer.assessment):
        raise PermissionDenied
    return _private_file(answer.evidence_file)


def _private_file(field_file: Any) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = field_file.name.rsplit("/", 1)[-1].split("_", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Staff: import a campaign's answers (CSV/XLSX) with a dry run first."""
    if not permissions.can_import(request.user):
        raise PermissionDenied
    campaigns = selectors.campaigns()
    result = None
    issues: list[Any] = []
    if request.method == "POST":
        campaign = selectors.campaign_get(request.POST.get("campaign", ""))
        upload = request.FILES.get("file")
        dry_run = request.POST.get("action") != "apply"
        if campaign is None or upload is None:
            messages.error(request, _("Choose a campaign and a file."))
        else:
            try:
                result = services.answers_import(
                    campaign=campaign,
                    data=upload.read(),
                    filename=upload.name or "file",
                    dry_run=dry_run,
                    by=request.user,
                    validate=bool(request.POST.get("validate")),
                )
                if not dry_run:
                    messages.success(request, _("The answers have been imported."))
            except ImportFailed as exc:
                issues = exc.issues
    return render(
        request,
        "maturity/import.html",
        {"campaigns": campaigns, "result": result, "issues": issues},
    )


# --- Roadmaps and projects ------------------------------------------------------------------


@login_required
def roadmap_page(request: HttpRequest, code: str) -> HttpResponse:
    """Staff and the municipality's users agree items and target dates; staff draw the
    roadmap from the latest validated assessment; Board reads."""
    municipality = _municipality_or_404(code)
    if not permissions.can_view_results(request.user, code):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "generate":
            if not permissions.can_generate_roadmap(request.user):
                raise PermissionDenied
            latest = selectors.latest_assessment(code)
            if latest is None:
                messages.error(request, _("There is no validated assessment to draw from."))
            else:
                services.roadmap_generate(assessment=latest, by=request.user)
        elif action == "update":
            if not permissions.can_manage_roadmap(request.user, code):
                raise PermissionDenied
            roadmap = selectors.roadmap_for(code)
            if roadmap is None:
                raise Http404
            problems = []
            for item in roadmap.items.all():
                status = request.POST.get(f"s_{item.pk}", item.status)
                raw = request.POST.get(f"d_{item.pk}", "").strip()
                target = None
                if raw:
                    try:
                        target = dt.date.fromisoformat(raw)
                    except ValueError:
                        problems.append(f"{item.indicator.code}: {raw}")
                        continue
                if status == item.status and target == item.target_date:
                    continue
                try:
                    services.roadmap_item_update(
                        item=item, status=status, target_date=target, by=request.user
                    )
                except ValueError as exc:
                    problems.append(f"{item.indicator.code}: {exc}")
            if problems:
                messages.error(request, "; ".join(problems))
            else:
                messages.success(request, _("The roadmap has been saved."))
        elif action == "project":
            if not permissions.can_manage_projects(request.user):
                raise PermissionDenied
            roadmap = selectors.roadmap_for(code)
            ids = {int(x) for x in request.POST.getlist("items") if x.isdigit()}
            items = [i for i in roadmap.items.all() if i.pk in ids] if roadmap else []
            try:
                start = timezone.localdate()
                project = services.project_create(
                    name=request.POST.get("name", "").strip()
                    or sentence(_("Accompaniment of %(name)s") % {"name": municipality.name}),
                    items=items,
                    technician=request.user,
                    start_date=start,
                    end_date=max((i.target_date for i in items if i.target_date), default=None),
                    milestones=[
                        (i.indicator.name[:200], i.target_date) for i in items if i.target_date
                    ],
                    by=request.user,
                )
                return redirect("maturity:project", pk=project.pk)
            except ValueError as exc:
                messages.error(request, str(exc))
        return redirect("maturity:roadmap", code=code)
    roadmap = selectors.roadmap_for(code)
    return render(
        request,
        "maturity/roadmap.html",
        {
            "municipality": municipality,
            "roadmap": roadmap,
            "progress": selectors.roadmap_progress(roadmap) if roadmap else None,
            "statuses": RoadmapItem.Status.choices,
            "can_manage": permissions.can_manage_roadmap(request.user, code),
            "can_generate": permissions.can_generate_roadmap(request.user),
            "can_project": permissions.can_manage_projects(request.user),
            "latest": selectors.latest_assessment(code),
        },
    )


@login_required
def project_board(request: HttpRequest) -> HttpResponse:
    """Staff and Board: every accompaniment project; overdue milestones highlighted."""
    if not permissions.can_view_project_board(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in Project.Status.values:
        status = ""
    today = timezone.localdate()
    projects = selectors.projects_board(today, status)
    return render(
        request,
        "maturity/projects.html",
        {
            "projects": projects,
            "today": today,
            "statuses": Project.Status.choices,
            "status": status,
            "overdue_count": len([p for p in projects if getattr(p, "overdue", None)]),
            "by_status": dict(
                Project.objects.values_list("status").annotate(n=Count("pk")).order_by()
            ),
        },
    )


@login_required
def project_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff, Board and the users of the project's municipalities read it; staff change the
    status and notes, tick milestones and add documents."""
    project = selectors.project_get(pk)
    if project is None:
        raise Http404
    codes = {m.code for m in project.municipalities.all()}
    if not permissions.can_view_project(request.user, codes):
        raise PermissionDenied
    if request.method == "POST":
        if not permissions.can_manage_projects(request.user):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "status":
                services.project_update(
                    project=project,
                    status=request.POST.get("status", project.status),
                    notes=request.POST.get("notes", project.notes),
                    by=request.user,
                )
            elif action == "milestone":
                milestone = Milestone.objects.get(
                    pk=request.POST.get("milestone") or 0, project=project
                )
                services.milestone_done(
                    milestone=milestone, on=timezone.localdate(), by=request.user
                )
            elif action == "document" and request.FILES.get("file"):
                services.document_add(
                    project=project,
                    title=request.POST.get("title", ""),
                    upload=cast(UploadedFile, request.FILES["file"]),
                    by=request.user,
                )
            messages.success(request, _("The project has been saved."))
        except (ValueError, Milestone.DoesNotExist) as exc:
            messages.error(request, str(exc))
        return redirect("maturity:project", pk=project.pk)
    today = timezone.localdate()
    return render(
        request,
        "maturity/project.html",
        {
            "project": project,
            "today": today,
            "statuses": Project.Status.choices,
            "can_manage": permissions.can_manage_projects(request.user),
        },
    )


@login_required
def project_document(request: HttpRequest, pk: int) -> FileResponse:
    """Staff, Board and the users of the project's municipalities: a project document."""
    doc = ProjectDocument.objects.select_related("project").filter(pk=pk).first()
    if doc is None:
        raise Http404
    codes = set(doc.project.municipalities.values_list("code", flat=True))
    if not permissions.can_view_project(request.user, codes):
        raise PermissionDenied
    return _private_file(doc.file)


# --- Block on the municipality's page --------------------------------------------------------


def municipality_section(request: HttpRequest, municipality: Any) -> dict | None:
    """Block on the municipality's public page. Everyone: the services it adheres to. Staff,
    Board and its own users: also its maturity level and score and its projects (individual
    results are not public)."""
    allowed = permissions.can_view_results(request.user, municipality.code)
    services_list = selectors.services_of(municipality.code)
    context: dict[str, Any] = {
        "municipality": municipality,
        "services": services_list,
        "allowed": allowed,
        "published": False,
    }
    if allowed:
        context["results"] = selectors.municipality_results(municipality.code)
        context["projects"] = selectors.projects_of(municipality.code)
    elif _level_published(municipality.code):
        # The municipality agreed to publish its level (consent kept by the reporting app):
        # the level and campaign only, no score, answers or peers.
        latest = selectors.latest_assessment(municipality.code)
        if latest is not None:
            context["published"] = True
            context["public_level"] = {"level": latest.level, "campaign": latest.campaign.name}
    return {
        "title": _("Digital maturity and Localret services"),
        "template": "maturity/_municipality_section.html",
        "context": context,
    }


def _level_published(code: str) -> bool:
    """Whether the municipality consented to publish its maturity level (the reporting app
    keeps that consent); False when the reporting app does not provide it."""
    try:
        from localret.reporting.views import maturity_published
    except ImportError:
        return False
    return bool(maturity_published(code))
