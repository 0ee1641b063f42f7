"""Reporting API: the territorial-balance index (public aggregates) and Board report jobs
(staff and Board: ask for a report built in the background, follow it, download it)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from localret.core.api import Pagination, Problem, ProblemSchema, allowed, paginate, require

from . import permissions, services, sources, territorial
from .models import ReportJob

router = Router(tags=["reporting"])


class BalanceItem(Schema):
    code: str
    name: str
    population: int
    effort_share: float
    reference: float | None
    reference_share: float | None
    ratio: float | None
    components: dict[str, float]


class BalanceOut(Schema):
    level: str
    year: int | None
    basis: str
    theil: float | None
    gini: float | None
    theil_between_vegueries: float | None
    theil_max: float | None
    components: list[str]
    items: list[BalanceItem]


class BalanceFilters(Schema):
    level: str = "comarca"
    year: int | None = None
    basis: str = "population"


@router.get(
    "/territorial-balance",
    response={200: BalanceOut, 422: ProblemSchema},
    auth=None,
    summary="Territorial balance of Localret's effort: Theil and Gini per comarca or vegueria "
    "(public)",
)
def territorial_balance(request: HttpRequest, filters: Query[BalanceFilters]) -> dict:
    errors = []
    if filters.level not in territorial.LEVELS:
        errors.append({"field": "level", "message": "must be comarca or vegueria"})
    if filters.basis not in territorial.BASES:
        errors.append({"field": "basis", "message": f"must be one of {territorial.BASES}"})
    if filters.year is not None and not 2000 <= filters.year <= 2100:
        errors.append({"field": "year", "message": "must be a year"})
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    return territorial.compute(
        level=filters.level, year=filters.year, basis=filters.basis, as_of=timezone.localdate()
    )


# --- Board report jobs ------------------------------------------------------------------------

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
JOB_AUTH = allowed(lambda user, **_: permissions.can_get_board_report(user))
JOB_ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema}


class ReportJobIn(Schema):
    plan: str = Field(description="slug of the plan")
    format: Literal["pdf", "xlsx"] = "pdf"
    as_of: dt.date | None = Field(None, description="date the report shows; today if absent")
    language: str | None = Field(None, description="ca, es or en; ca if absent")


class ReportJobOut(Schema):
    id: int
    plan: str
    format: str
    as_of: dt.date
    language: str
    status: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="0-100")
    step: str
    error: str
    cancelled: bool
    attempts: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    download_url: str | None = Field(description="where to download the document, when done")


def _job_out(request: HttpRequest, job: ReportJob) -> dict[str, Any]:
    url = None
    if job.status == ReportJob.Status.DONE:
        url = request.build_absolute_uri(
            reverse("api:report_job_download", kwargs={"job_id": job.pk})
        )
    return {
        "id": job.pk,
        "plan": job.plan_slug,
        "format": job.format,
        "as_of": job.as_of,
        "language": job.language,
        "status": job.status,
        "progress": job.progress,
        "step": job.step,
        "error": job.error,
        "cancelled": job.cancelled,
        "attempts": job.attempts,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "download_url": url,
    }


def _job_or_404(request: HttpRequest, job_id: int) -> ReportJob:
    services.report_jobs_mark_stale()
    job = ReportJob.objects.defer("content").filter(pk=job_id).first()
    if job is None or not permissions.can_see_report_job(request.auth, job):  # type: ignore[attr-defined]
        raise Http404("No such report job.")
    return job


@router.post(
    "/reports/jobs",
    response={202: ReportJobOut, **JOB_ERRORS},
    auth=JOB_AUTH,
    summary="Ask for a Board report (PDF or XLSX) built in the background (staff and Board)",
)
def create_report_job(request: HttpRequest, payload: ReportJobIn) -> tuple[int, dict]:
    errors = []
    plan = sources.plan_get(payload.plan.strip()) if payload.plan.strip() else None
    if plan is None:
        errors.append({"field": "plan", "message": f"unknown plan '{payload.plan}'"})
    languages = [code for code, _name in settings.LANGUAGES]
    language = payload.language or "ca"
    if language not in languages:
        errors.append({"field": "language", "message": f"must be one of {languages}"})
    as_of = payload.as_of or timezone.localdate()
    if as_of > timezone.localdate():
        errors.append({"field": "as_of", "message": "is in the future"})
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    job = services.report_job_create(
        plan_slug=plan.slug,  # type: ignore[union-attr]
        as_of=sources.report_as_of(plan, as_of),  # a closed plan: at most its end
        format=payload.format,
        language=language,
        by=request.auth,  # type: ignore[attr-defined]
    )
    job.refresh_from_db()
    return 202, _job_out(request, job)


class JobPagination(Pagination):
    limit: int = 50


@router.get(
    "/reports/jobs",
    response={200: list[ReportJobOut], 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema},
    auth=JOB_AUTH,
    summary="Your Board report jobs, newest first (staff see everyone's); limit (default 50) "
    "and offset as every list",
)
def list_report_jobs(request: HttpRequest, page: Query[JobPagination]) -> list[dict]:
    """A list (as it always was), read with the one pagination parser of the API."""
    services.report_jobs_mark_stale()
    user = request.auth  # type: ignore[attr-defined]
    jobs = ReportJob.objects.defer("content")
    if not permissions.can_see_all_report_jobs(user):
        jobs = jobs.filter(created_by=user.pk)
    _count, shown = paginate(jobs, page.limit, page.offset)
    return [_job_out(request, job) for job in shown]


@router.get(
    "/reports/jobs/{job_id}",
    response={200: ReportJobOut, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    auth=JOB_AUTH,
    summary="A Board report job: status (queued, running, done, failed), progress 0-100, and "
    "download_url when done",
)
def get_report_job(request: HttpRequest, job_id: int) -> dict:
    return _job_out(request, _job_or_404(request, job_id))


@router.get(
    "/reports/jobs/{job_id}/download",
    response={200: None, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    auth=JOB_AUTH,
    url_name="report_job_download",
    summary="The document of a finished Board report job",
)
def download_report_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    if job.status != ReportJob.Status.DONE:
        raise Http404("The report is not ready.")
    content = ReportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(content or b""), content_type=CONTENT_TYPES[job.format])
    response["Content-Disposition"] = (
        f'attachment; filename="{job.plan_slug}-{job.as_of:%Y-%m-%d}.{job.format}"'
    )
    return response


@router.post(
    "/reports/jobs/{job_id}/cancel",
    response={200: ReportJobOut, **JOB_ERRORS},
    auth=JOB_AUTH,
    summary="Cancel a queued or running Board report job (staff, or who asked for it)",
)
def cancel_report_job(request: HttpRequest, job_id: int) -> dict:
    job = _job_or_404(request, job_id)
    require(permissions.can_manage_report_job(request.auth, job))  # type: ignore[attr-defined]
    job = services.report_job_cancel(job=job, by=request.auth)  # type: ignore[attr-defined]
    return _job_out(request, job)


@router.post(
    "/reports/jobs/{job_id}/retry",
    response={202: ReportJobOut, **JOB_ERRORS},
    auth=JOB_AUTH,
    summary="Run a failed, cancelled or abandoned Board report job again (staff, or who asked "
    "for it)",
)
def retry_report_job(request: HttpRequest, job_id: int) -> tuple[int, dict]:
    job = _job_or_404(request, job_id)
    require(permissions.can_manage_report_job(request.auth, job))  # type: ignore[attr-defined]
    job = services.report_job_retry(job=job, by=request.auth)  # type: ignore[attr-defined]
    return 202, _job_out(request, job)
