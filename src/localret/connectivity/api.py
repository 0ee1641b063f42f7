"""Connectivity API (Objective 3). Contract endpoints (issue 6):

- ``POST /connectivity/coverage/import?format=areas|premises&dry_run=`` (staff)
- ``GET  /connectivity/municipalities/{code}?year=`` (public)
- ``POST /connectivity/candidates/import?set=NAME&dry_run=`` (staff)
- ``POST /connectivity/scenarios`` (staff)

and helpers: import jobs (staff), gaps and changes (public), candidate sets and scenarios
(staff and Board), deployments (public).
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from localret.core.api import AUTH, Problem, ProblemSchema, allowed, require
from localret.core.tabular import ImportFailed, problem_errors
from localret.territory.interface import QueryMunicipality

from . import import_jobs, permissions, selectors, services
from .models import CandidateSet, ImportJob, PlannerJob, Scenario
from .tasks import run_premise_import

router = Router(tags=["connectivity"])

# Who may call a write, checked before the body is read (core.api.allowed): a refused user
# gets 403 whatever they send.
PLANNERS = allowed(lambda user, **_: permissions.can_plan(user))


class ClassCounts(Schema):
    white: int
    grey: int
    black: int


class Classification(Schema):
    nga: ClassCounts
    eu2023: ClassCounts


class MunicipalityCoverageOut(Schema):
    municipality: str
    year: int
    households: int
    premises: int
    covered_30: int
    covered_100: int
    covered_1000: int
    covered_gigabit: int
    gigabit_share: float | None
    white_households: int
    areas: int
    classification: Classification
    is_demo: bool


def _problem(exc: ImportFailed) -> Problem:
    return Problem(
        422,
        "Invalid file",
        f"The file has {exc.total} error(s); nothing was written. The first "
        f"{len(exc.issues)} are listed.",
        errors=problem_errors(exc.issues),
    )


@router.post(
    "/connectivity/coverage/import",
    auth=allowed(lambda user, **_: permissions.can_import_coverage(user)),
    response={
        200: dict,
        401: ProblemSchema,
        403: ProblemSchema,
        413: ProblemSchema,
        422: ProblemSchema,
    },
    summary="Import coverage (staff): area-level CSV/XLSX or premise-level CSV (at most 20 MB)",
)
def coverage_import(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Literal["areas", "premises"] = "areas",
    dry_run: bool = False,
    year: int | None = None,
    source: str = "",
) -> dict[str, Any]:
    """Staff only. ``areas``: answers the counts at once. ``premises``: the file is checked and
    aggregated by a background job; the answer carries ``job_id`` and ``poll`` (and the counts
    or the 422 errors when the job has already finished)."""
    require(permissions.can_import_coverage(request.user))
    filename = file.name or "file"
    if format == "areas":
        try:
            result = services.coverage_import_areas(
                data=file.read(),
                filename=filename,
                source=source or "ministry",
                dry_run=dry_run,
                by=request.user,
            )
        except ImportFailed as exc:
            raise _problem(exc) from exc
        return result.as_dict()
    if year is None or not 2000 <= year <= 2100:
        raise Problem(
            422,
            "Invalid input",
            errors=[{"field": "year", "message": "premise files need a year (2000-2100)"}],
        )
    folder = Path(settings.MEDIA_ROOT) / "connectivity" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.csv"
    with path.open("wb") as handle:
        for chunk in file.chunks():
            handle.write(chunk)
    job = import_jobs.import_job_create(
        path=path,
        filename=filename,
        year=year,
        source=source or "premises",
        dry_run=dry_run,
        by=request.user,
    )
    run_premise_import.enqueue(job.pk)
    job.refresh_from_db()
    if job.status == ImportJob.Status.FAILED:
        raise Problem(
            422,
            "Invalid file",
            "The file has errors; nothing was written.",
            errors=[
                {"field": e.get("field"), "row": e.get("row"), "message": e["message"]}
                for e in job.errors
            ],
        )
    body: dict[str, Any] = {
        "job_id": job.pk,
        "status": job.status,
        "progress": job.progress,
        "poll": reverse("api:connectivity_job", args=[job.pk]),
    }
    if job.status == ImportJob.Status.DONE:
        body.update(job.result)
    return body


@router.get(
    "/connectivity/jobs/{job_id}",
    auth=AUTH,
    url_name="connectivity_job",
    response={200: dict, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    summary="Progress of an import job (staff)",
)
def job_get(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """Staff only."""
    require(permissions.can_import_coverage(request.user))
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job")
    return {
        "job_id": job.pk,
        "status": job.status,
        "progress": job.progress,
        "stage": job.stage,
        "filename": job.filename,
        "dry_run": job.dry_run,
        "result": job.result,
        "errors": job.errors,
    }


@router.get(
    "/connectivity/municipalities/{code}",
    auth=None,
    response={200: MunicipalityCoverageOut, 404: ProblemSchema},
    summary="Coverage of one municipality in a year (public)",
)
def municipality_coverage(request: HttpRequest, code: str, year: int | None = None) -> Any:
    """Public: households, premises covered at 30/100/1000 Mbps, gigabit share and per-area
    classification counts under both schemes."""
    summary = selectors.municipality_summary(code, year)
    if summary is None:
        raise Http404(f"No coverage for municipality {code}" + (f" in {year}" if year else ""))
    return summary


@router.get(
    "/connectivity/gaps",
    auth=None,
    response={200: dict, 422: ProblemSchema},
    summary="Gigabit gap per municipality, comarca, vegueria or province (public)",
)
def gaps(
    request: HttpRequest,
    level: Literal["municipality", "comarca", "vegueria", "province"] = "comarca",
    year: int | None = None,
) -> dict[str, Any]:
    """Public."""
    table = selectors.gap_table(level, year)
    total = table["totals"]
    return {
        "level": level,
        "year": table["year"],
        "years": table["years"],
        "households": total.households if total else 0,
        "gigabit_share": total.gigabit_share if total else None,
        "white_households": total.white_households if total else 0,
        "items": table["rows"],
    }


class ChangesQuery(Schema):
    year_from: int = Field(alias="from")
    year_to: int = Field(alias="to")
    municipality: QueryMunicipality = ""


@router.get(
    "/connectivity/changes",
    auth=None,
    response={200: dict},
    summary="Areas whose classification changed between two years (public)",
)
def class_changes(request: HttpRequest, q: Query[ChangesQuery]) -> dict[str, Any]:
    """Public."""
    return selectors.classification_changes(q.year_from, q.year_to, q.municipality or None)


@router.get(
    "/connectivity/deployments",
    auth=None,
    response={200: dict},
    summary="Deployments (public)",
)
def deployments(request: HttpRequest) -> dict[str, Any]:
    """Public: operator, programme, premises, cost and public funding, status and dates."""
    items = [
        {
            "id": d.pk,
            "name": d.name,
            "operator": d.operator,
            "programme": d.programme,
            "premises_planned": d.premises_planned,
            "premises_passed": d.premises_passed,
            "cost_eur": str(d.cost_eur),
            "public_funding_eur": str(d.public_funding_eur),
            "status": d.status,
            "start_date": d.start_date,
            "end_date": d.end_date,
            "areas": [a.code for a in d.areas.all()],
            "is_demo": d.is_demo,
        }
        for d in selectors.deployments()
    ]
    return {"count": len(items), "items": items}


@router.post(
    "/connectivity/candidates/import",
    auth=PLANNERS,
    response={
        200: dict,
        401: ProblemSchema,
        403: ProblemSchema,
        413: ProblemSchema,
        422: ProblemSchema,
    },
    summary="Create or replace a candidate set from a CSV (staff; at most 5 MB)",
)
def candidates_import(
    request: HttpRequest,
    file: File[UploadedFile],
    set: str = Query(..., min_length=1, max_length=80),  # noqa: A002
    dry_run: bool = False,
) -> dict[str, Any]:
    """Staff only. CSV columns: area_id, municipality, households, cost_eur, classification
    (optional rural)."""
    require(permissions.can_plan(request.user))
    try:
        result = services.candidate_set_import(
            name=set.strip(),
            data=file.read(),
            filename=file.name or "file",
            dry_run=dry_run,
            by=request.user,
        )
    except ImportFailed as exc:
        raise _problem(exc) from exc
    return result.as_dict()


@router.get(
    "/connectivity/candidates",
    auth=AUTH,
    response={200: dict, 401: ProblemSchema, 403: ProblemSchema},
    summary="Candidate sets (staff and Board)",
)
def candidate_sets(request: HttpRequest) -> dict[str, Any]:
    """Staff and Board."""
    require(permissions.can_read_plans(request.user))
    items = [
        {"name": s.name, "candidates": s.items.count(), "is_demo": s.is_demo}
        for s in selectors.candidate_sets()
    ]
    return {"count": len(items), "items": items}


class BalanceIn(Schema):
    level: Literal["comarca", "vegueria"]
    min_share: float = Field(ge=0, le=1)


class ScenarioIn(Schema):
    candidates: str
    budget_eur: float = Field(ge=0)
    balance: BalanceIn | None = None
    must_include: list[str] = []
    must_exclude: list[str] = []
    year_budgets: list[float] = []
    weights: dict[str, float] = {}
    time_limit_s: float = Field(10.0, gt=0, le=300)
    mip_gap: float = Field(0.001, ge=0, le=1)
    name: str = ""


def scenario_out(scenario: Scenario) -> dict[str, Any]:
    r = scenario.result
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "candidates": scenario.candidate_set.name,
        "parameters": scenario.parameters,
        "selected": r["selected"],
        "households_covered": r["households_covered"],
        "cost_eur": r["cost_eur"],
        "objective": r["objective"],
        "mip_gap": r["mip_gap"],
        "solve_seconds": r["solve_seconds"],
        "status": r["status"],
        "reason": r["reason"],
        "explanation": r.get("explanation", {}),
        "cost_by_region": r["cost_by_region"],
        "households_by_region": r["households_by_region"],
        "greedy": {
            "households_covered": r["greedy"]["households_covered"],
            "cost_eur": r["greedy"]["cost_eur"],
            "feasible": r["greedy"]["feasible"],
        },
        "is_demo": scenario.is_demo,
    }


def _scenario_spec(payload: ScenarioIn) -> tuple[CandidateSet, services.ScenarioInput]:
    """The candidate set and the scenario a request asks for; 422 naming the field otherwise."""
    candidate_set = selectors.candidate_set_get(payload.candidates)
    if candidate_set is None:
        raise Problem(
            422,
            "Invalid input",
            errors=[{"field": "candidates", "message": "no candidate set with this name"}],
        )
    ids = set(candidate_set.items.values_list("area_id_code", flat=True))
    errors = []
    for name in ("must_include", "must_exclude"):
        unknown = sorted(set(getattr(payload, name)) - ids)
        if unknown:
            errors.append(
                {"field": name, "message": f"not in the candidate set: {', '.join(unknown[:20])}"}
            )
    if any(b < 0 for b in payload.year_budgets):
        errors.append({"field": "year_budgets", "message": "budgets cannot be negative"})
    bad_weights = sorted(
        k
        for k, v in payload.weights.items()
        if k not in ("white", "grey", "black", "rural") or v < 0
    )
    if bad_weights:
        errors.append({"field": "weights", "message": f"invalid weights: {', '.join(bad_weights)}"})
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    spec = services.ScenarioInput(
        candidates=payload.candidates,
        budget_eur=payload.budget_eur,
        balance_level=payload.balance.level if payload.balance else None,
        min_share=payload.balance.min_share if payload.balance else 0.0,
        must_include=payload.must_include,
        must_exclude=payload.must_exclude,
        year_budgets=payload.year_budgets,
        weights=payload.weights,
        time_limit_s=payload.time_limit_s,
        mip_gap=payload.mip_gap,
    )
    return candidate_set, spec


@router.post(
    "/connectivity/scenarios",
    auth=PLANNERS,
    response={200: dict, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema},
    summary="Run and save a rollout scenario (staff)",
)
def scenario_create(request: HttpRequest, payload: ScenarioIn) -> dict[str, Any]:
    """Staff only. Solves the MILP with HiGHS (and the greedy baseline) and saves the
    scenario. ``status``: optimal | time_limit | infeasible (with ``reason``)."""
    require(permissions.can_plan(request.user))
    candidate_set, spec = _scenario_spec(payload)
    scenario = services.scenario_run(
        candidate_set=candidate_set, spec=spec, name=payload.name, by=request.user
    )
    return scenario_out(scenario)


@router.get(
    "/connectivity/scenarios",
    auth=AUTH,
    response={200: dict, 401: ProblemSchema, 403: ProblemSchema},
    summary="Saved scenarios (staff and Board)",
)
def scenario_list(request: HttpRequest) -> dict[str, Any]:
    """Staff and Board."""
    require(permissions.can_read_plans(request.user))
    items = [
        {
            "id": s.pk,
            "name": s.name,
            "candidates": s.candidate_set.name,
            "status": s.result.get("status"),
            "households_covered": s.result.get("households_covered"),
            "cost_eur": s.result.get("cost_eur"),
        }
        for s in selectors.scenarios()
    ]
    return {"count": len(items), "items": items}


@router.get(
    "/connectivity/scenarios/{scenario_id}",
    auth=AUTH,
    url_name="connectivity_scenario",
    response={200: dict, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    summary="One saved scenario (staff and Board)",
)
def scenario_get(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    """Staff and Board."""
    require(permissions.can_read_plans(request.user))
    scenario = selectors.scenarios().filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404("No such scenario")
    return scenario_out(scenario)


# --- Planner jobs ------------------------------------------------------------------------------
# A scenario solved by the background worker, with its progress (staff only: runs are staff's
# work). Codes and numbers, locale-free; dates in ISO 8601.

JOB_ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema}


class PlannerFigures(Schema):
    greedy: float | None = Field(None, description="objective of the greedy start")
    incumbent: float | None = Field(None, description="best objective found so far")
    bound: float | None = Field(None, description="the solver's best bound on the objective")
    gap: float | None = Field(None, description="relative gap between them (0.01 = 1 %)")
    seconds: float | None = Field(None, description="seconds since the solve started")


class PlannerJobOut(Schema):
    id: int
    candidates: str
    name: str
    status: Literal["queued", "running", "done", "failed"]
    stage: str = Field(
        description="greedy, relaxation, milp, infeasibility, curve, retry or done; "
        "empty while queued"
    )
    percent: int = Field(description="0-100")
    figures: PlannerFigures = Field(description="objectives in weighted households")
    failure: str = Field(
        description="when failed: cancelled, worker_died, transient or error; else empty"
    )
    error: str
    attempts: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    heartbeat_at: dt.datetime | None
    finished_at: dt.datetime | None
    scenario_id: int | None
    result_url: str | None = Field(description="the saved scenario in the API, when done")
    page_url: str = Field(description="the run's page")


def _planner_job_out(job: PlannerJob) -> dict[str, Any]:
    figures = {k: (job.figures or {}).get(k) for k in PlannerFigures.model_fields}
    return {
        "id": job.pk,
        "candidates": job.candidate_set.name,
        "name": job.name,
        "status": job.status,
        "stage": job.stage,
        "percent": job.progress,
        "figures": figures,
        "failure": job.failure,
        "error": job.error,
        "attempts": job.attempts,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "heartbeat_at": job.heartbeat_at,
        "finished_at": job.finished_at,
        "scenario_id": job.scenario_id,
        "result_url": reverse("api:connectivity_scenario", args=[job.scenario_id])
        if job.scenario_id
        else None,
        "page_url": reverse("connectivity:planner_job", args=[job.pk]),
    }


def _planner_job_or_404(job_id: int) -> PlannerJob:
    services.planner_jobs_mark_stale()
    job = PlannerJob.objects.select_related("candidate_set").filter(pk=job_id).first()
    if job is None:
        raise Http404("No such planner job.")
    return job


@router.post(
    "/connectivity/planner/jobs",
    auth=PLANNERS,
    response={202: PlannerJobOut, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema},
    summary="Run a rollout scenario in the background (staff)",
)
def planner_job_create(request: HttpRequest, payload: ScenarioIn) -> Status:
    """Staff only. Same body as ``POST /connectivity/scenarios``; answers 202 at once with the
    job, which the background worker solves and saves (``GET .../jobs/{id}`` follows it)."""
    require(permissions.can_plan(request.user))
    candidate_set, spec = _scenario_spec(payload)
    job = services.planner_job_create(
        candidate_set=candidate_set, spec=spec, name=payload.name, by=request.user
    )
    job.refresh_from_db()
    return Status(202, _planner_job_out(job))


@router.get(
    "/connectivity/planner/jobs/{job_id}",
    auth=PLANNERS,
    response={200: PlannerJobOut, **JOB_ERRORS},
    summary="A planner job: status, stage, percent, the solver's figures, result when done (staff)",
)
def planner_job_get(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """Staff only. A running job whose worker stopped giving signs of life is answered failed
    (``failure``: ``worker_died``) and may be run again."""
    return _planner_job_out(_planner_job_or_404(job_id))


@router.post(
    "/connectivity/planner/jobs/{job_id}/cancel",
    auth=PLANNERS,
    response={200: PlannerJobOut, 409: ProblemSchema, **JOB_ERRORS},
    summary="Cancel a queued or running planner job (staff)",
)
def planner_job_cancel(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """Staff only. A finished job cannot be cancelled (409)."""
    job = services.planner_job_cancel(job=_planner_job_or_404(job_id), by=request.user)
    return _planner_job_out(job)


@router.post(
    "/connectivity/planner/jobs/{job_id}/retry",
    auth=PLANNERS,
    response={202: PlannerJobOut, 409: ProblemSchema, **JOB_ERRORS},
    summary="Run a failed, cancelled or abandoned planner job again (staff)",
)
def planner_job_retry(request: HttpRequest, job_id: int) -> Status:
    """Staff only. Only a failed job can be run again (409 otherwise)."""
    job = services.planner_job_retry(job=_planner_job_or_404(job_id), by=request.user)
    job.refresh_from_db()
    return Status(202, _planner_job_out(job))
