"""Writes of the connectivity app. Every import runs in one transaction and writes nothing
unless the whole file is valid; a dry run reports what would change without writing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from localret.core import audit
from localret.core.audit import audited_save
from localret.core.errors import Conflict
from localret.territory.interface import Municipality

from . import importers, planner
from .models import (
    Area,
    AreaCoverage,
    Candidate,
    CandidateSet,
    CoverageVintage,
    PlannerJob,
    Scenario,
)

COVERAGE_FIELDS = (
    "covered_30",
    "covered_100",
    "covered_1000",
    "covered_gigabit",
    "ftth",
    "mobile_4g",
    "mobile_5g",
    "networks_30",
    "networks_100",
    "networks_1000",
    "networks_gigabit",
)


def register() -> importers.Register:
    return importers.Register.from_codes(list(Municipality.objects.values_list("code", "ine5")))


def known_areas() -> dict[str, str]:
    return dict(Area.objects.values_list("code", "municipality__code"))


@dataclass
class CoverageImportResult:
    dry_run: bool
    years: list[int]
    rows: int
    areas_created: int
    areas_updated: int
    coverage_created: int
    coverage_replaced: int
    premises: int = 0
    source_rows: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _write_coverage(
    *,
    entries: list[dict[str, Any]],
    source: str,
    dry_run: bool,
    by: Any,
    is_demo: bool = False,
) -> CoverageImportResult:
    """``entries``: dicts with area_id, municipality, year, kind, name, settlement,
    households (or None), premises and the COVERAGE_FIELDS."""
    codes = {e["area_id"] for e in entries}
    existing = {a.code: a for a in Area.objects.filter(code__in=codes)}
    years = sorted({e["year"] for e in entries})
    vintages = {v.year: v for v in CoverageVintage.objects.filter(source=source, year__in=years)}
    replaced = 0
    if vintages:
        replaced = AreaCoverage.objects.filter(
            vintage__in=vintages.values(), area__code__in=codes
        ).count()
    new_codes = sorted(codes - set(existing))
    result = CoverageImportResult(
        dry_run=dry_run,
        years=years,
        rows=len(entries),
        areas_created=len(new_codes),
        areas_updated=len(codes & set(existing)),
        coverage_created=len(entries) - replaced,
        coverage_replaced=replaced,
        premises=sum(e["premises"] for e in entries),
    )
    if dry_run:
        return result
    with transaction.atomic():
        municipalities = dict(
            Municipality.objects.filter(code__in={e["municipality"] for e in entries}).values_list(
                "code", "pk"
            )
        )
        first: dict[str, dict[str, Any]] = {}
        for e in entries:
            first.setdefault(e["area_id"], e)
        Area.objects.bulk_create(
            [
                Area(
                    code=code,
                    municipality_id=municipalities[first[code]["municipality"]],
                    kind=first[code]["kind"],
                    name=first[code].get("name", ""),
                    settlement=first[code].get("settlement", "nucleus"),
                    households=first[code].get("households") or 0,
                    premises=first[code]["premises"],
                    rural=first[code].get("settlement") == "scattered",
                    is_demo=is_demo,
                )
                for code in new_codes
            ],
            batch_size=2000,
        )
        latest: dict[str, dict[str, Any]] = {}
        for e in entries:
            if e["area_id"] in existing and (
                e["area_id"] not in latest or e["year"] >= latest[e["area_id"]]["year"]
            ):
                latest[e["area_id"]] = e
        to_update = []
        for code, e in latest.items():
            area = existing[code]
            area.premises = e["premises"]
            if e.get("households") is not None:
                area.households = e["households"]
            to_update.append(area)
        Area.objects.bulk_update(to_update, ["premises", "households"], batch_size=2000)
        for year in years:
            if year not in vintages:
                vintages[year] = CoverageVintage.objects.create(
                    year=year, source=source, imported_by=by, is_demo=is_demo
                )
            else:
                vintages[year].imported_by = by
                vintages[year].save(update_fields=["imported_by", "imported_at"])
        AreaCoverage.objects.filter(vintage__in=vintages.values(), area__code__in=codes).delete()
        area_ids = dict(Area.objects.filter(code__in=codes).values_list("code", "pk"))
        AreaCoverage.objects.bulk_create(
            [
                AreaCoverage(
                    vintage=vintages[e["year"]],
                    area_id=area_ids[e["area_id"]],
                    premises=e["premises"],
                    **{f: e[f] for f in COVERAGE_FIELDS},
                )
                for e in entries
            ],
            batch_size=2000,
        )
    return result


def coverage_import_areas(
    *, data: bytes, filename: str, source: str, dry_run: bool, by: Any
) -> CoverageImportResult:
    """Area-level CSV/XLSX (ministry shape). Raises ImportFailed (nothing written)."""
    rows = importers.read_area_file(data, filename, register(), known_areas())
    entries = [
        {
            "area_id": r.area_id,
            "municipality": r.municipality,
            "year": r.year,
            "kind": r.kind,
            "name": r.name,
            "settlement": r.settlement,
            "households": r.households,
            **r.values,
        }
        for r in rows
    ]
    return _write_coverage(entries=entries, source=source, dry_run=dry_run, by=by)


def coverage_import_premises(
    *,
    path: Path,
    filename: str,
    year: int,
    source: str,
    dry_run: bool,
    by: Any,
    progress: Any = None,
) -> CoverageImportResult:
    """Premise-level CSV checked and aggregated by DuckDB. Raises ImportFailed."""
    reg = register()
    aggregated = importers.premise_scan(path, reg, progress=progress)
    importers.premise_areas_consistent(aggregated, known_areas(), filename)
    entries = [
        {
            "area_id": a.area_id,
            "municipality": a.municipality,
            "year": year,
            "kind": a.kind,
            "name": "",
            "settlement": "nucleus",
            "households": None,
            "premises": a.premises,
            **{f: getattr(a, f) for f in COVERAGE_FIELDS},
        }
        for a in aggregated.areas
    ]
    result = _write_coverage(entries=entries, source=source, dry_run=dry_run, by=by)
    result.source_rows = aggregated.rows
    return result


# The answer keeps the first rows of the file (what the set will hold), not every row.
CANDIDATES_KEPT = 10


@dataclass(frozen=True)
class CandidateImportRow:
    row: int
    area_id: str
    municipality: str  # INE code
    households: int
    cost_eur: str


@dataclass
class CandidateImportResult:
    """What a candidate import wrote (or would write): how many areas the set holds now
    (``rows``) and held before (``replaced``), and the first :data:`CANDIDATES_KEPT` rows
    added (``added``, in file order)."""

    dry_run: bool
    name: str
    rows: int
    households: int
    cost_eur: str
    replaced: int
    added: list[CandidateImportRow] = field(default_factory=list)
    added_truncated: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def candidate_set_import(
    *, name: str, data: bytes, filename: str, dry_run: bool, by: Any
) -> CandidateImportResult:
    """Create or replace the candidate set NAME from a CSV. Raises ImportFailed.

    All or nothing, in a fixed number of statements whatever the file's size: the set's
    former areas are removed and the file's inserted in bulk, each with its history row
    ("-" and "+", by ``by``, why: the file); a cost override of a former area goes with it."""
    rows = importers.read_candidate_file(data, filename, register())
    existing = CandidateSet.objects.filter(name=name).first()
    replaced = existing.items.count() if existing else 0
    result = CandidateImportResult(
        dry_run=dry_run,
        name=name,
        rows=len(rows),
        households=sum(r.households for r in rows),
        cost_eur=str(sum((r.cost_eur for r in rows), Decimal(0))),
        replaced=replaced,
        added=[
            CandidateImportRow(r.row, r.area_id, r.municipality, r.households, str(r.cost_eur))
            for r in rows[:CANDIDATES_KEPT]
        ],
        added_truncated=len(rows) > CANDIDATES_KEPT,
    )
    if dry_run:
        return result
    reason = f"import {filename}"
    with transaction.atomic():
        candidate_set, _ = CandidateSet.objects.get_or_create(
            name=name, defaults={"created_by": by}
        )
        municipalities = dict(Municipality.objects.values_list("code", "pk"))
        new = [
            Candidate(
                candidate_set=candidate_set,
                area_id_code=r.area_id,
                municipality_id=municipalities[r.municipality],
                households=r.households,
                cost_eur=r.cost_eur,
                classification=r.classification,
                rural=r.rural,
            )
            for r in rows
        ]
        if audit.bulk_history_supported(Candidate):
            audit.bulk_delete_audited(candidate_set.items.all(), by=by, reason=reason)
            audit.bulk_insert_audited_objects(new, by=by, reason=reason)
        else:  # a database that does not return the keys of a multi-row insert
            for item in candidate_set.items.all():
                audit.stamp(item, by, reason)
                item.delete()
            bulk_create_with_history(new, Candidate, default_user=by, default_change_reason=reason)
        candidate_set.save(update_fields=["updated_at"])
    return result


def candidate_cost_override(
    *, candidate: Candidate, cost_eur: Decimal | None, note: str, by: Any
) -> Candidate:
    """Staff override the cost of one candidate area (recorded in its history)."""
    if cost_eur is not None and cost_eur < 0:
        raise ValueError("a cost cannot be negative")
    candidate.cost_override_eur = cost_eur
    candidate.override_note = note[:200]
    audited_save(candidate, by)
    return candidate


@dataclass
class ScenarioInput:
    candidates: str
    budget_eur: float
    balance_level: str | None = None  # comarca | vegueria
    min_share: float = 0.0
    must_include: list[str] = field(default_factory=list)
    must_exclude: list[str] = field(default_factory=list)
    year_budgets: list[float] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    time_limit_s: float = 10.0
    mip_gap: float = 0.001


def plan_candidates(
    candidate_set: CandidateSet, level: str | None, weights: dict[str, float] | None = None
) -> list[planner.PlanCandidate]:
    rows = candidate_set.items.select_related(
        "municipality__comarca", "municipality__comarca__vegueria"
    ).order_by("area_id_code")
    out = []
    for c in rows:
        if level == "comarca":
            region = c.municipality.comarca.name
        elif level == "vegueria":
            region = c.municipality.comarca.vegueria.name
        else:
            region = ""
        out.append(
            planner.PlanCandidate(
                id=c.area_id_code,
                households=c.households,
                cost=float(c.effective_cost),
                region=region,
                weight=planner.priority_weight(c.classification, c.rural, weights),
            )
        )
    return out


def scenario_run(
    *,
    candidate_set: CandidateSet,
    spec: ScenarioInput,
    name: str,
    by: Any,
    save: bool = True,
    progress: Callable[[planner.Progress], None] | None = None,
) -> Scenario:
    """Solve a scenario (MILP and greedy) and save it with its parameters and results;
    ``progress`` hears the solver's stages and figures (a planner job records them)."""
    cands = plan_candidates(candidate_set, spec.balance_level, spec.weights)
    rules = planner.PlanRules(
        budget=spec.budget_eur,
        year_budgets=tuple(spec.year_budgets),
        min_share=spec.min_share if spec.balance_level else 0.0,
        must_include=frozenset(spec.must_include),
        must_exclude=frozenset(spec.must_exclude),
    )
    result = planner.solve(
        cands, rules, time_limit_s=spec.time_limit_s, mip_gap=spec.mip_gap, progress=progress
    )
    greedy_objective = result.greedy.objective if result.greedy.feasible else None

    def curve_progress(done: int, total: int) -> None:
        if progress is not None:
            progress(
                planner.Progress(
                    stage="curve",
                    percent=88 + (10 * done) // max(total, 1),
                    incumbent=result.objective,
                    gap=result.mip_gap,
                    greedy=greedy_objective,
                    seconds=result.solve_seconds,
                )
            )

    curve = (
        planner.budget_curve(cands, rules, time_limit_s=0.5, progress=curve_progress)
        if len(cands) <= 3000
        else []
    )
    payload = {
        "selected": result.selected,
        "year_of": result.year_of,
        "households_covered": result.households,
        "cost_eur": round(result.cost, 2),
        "objective": round(result.objective, 4),
        "mip_gap": result.mip_gap,
        "solve_seconds": result.solve_seconds,
        "status": result.status,
        "reason": result.reason,
        "explanation": result.explanation,
        "cost_by_region": {k: round(v, 2) for k, v in result.cost_by_region.items()},
        "households_by_region": result.households_by_region,
        "floors": {k: round(v, 2) for k, v in result.floors.items()},
        "greedy": {
            "feasible": result.greedy.feasible,
            "households_covered": result.greedy.households,
            "cost_eur": round(result.greedy.cost, 2),
            "objective": round(result.greedy.objective, 4),
            "selected": result.greedy.selected,
            "reason": result.greedy.reason,
        },
        "curve": curve,
    }
    scenario = Scenario(
        name=name or f"{candidate_set.name} {timezone.now():%Y-%m-%d %H:%M}",
        candidate_set=candidate_set,
        parameters=asdict(spec),
        result=payload,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        is_demo=candidate_set.is_demo,
    )
    if save:
        audited_save(scenario, by)
    return scenario


# --- Planner jobs ------------------------------------------------------------------------------
# A planner run asked for in the page or the API is solved by the background worker
# (``tasks.run_planner_job``), which writes its stage, percentage, the solver's figures and a
# heartbeat as it goes. A job still "running" whose heartbeat is older than PLANNER_STALE_AFTER
# lost its worker and is marked failed so that it can be run again.

PLANNER_STALE_AFTER = dt.timedelta(minutes=3)
PLANNER_ACTIVE = (PlannerJob.Status.QUEUED, PlannerJob.Status.RUNNING)


def _planner_enqueue(job: PlannerJob) -> None:
    from .tasks import run_planner_job

    # The database backend writes the task in the same transaction as the job: both or none.
    run_planner_job.enqueue(job.pk)


@transaction.atomic
def planner_job_create(
    *, candidate_set: CandidateSet, spec: ScenarioInput, name: str, by: Any
) -> PlannerJob:
    """Ask for a planner run in the background; the worker solves it and saves the scenario."""
    job = PlannerJob.objects.create(
        candidate_set=candidate_set,
        name=name[:120],
        parameters=asdict(spec),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _planner_enqueue(job)
    return job


@transaction.atomic
def planner_job_cancel(*, job: PlannerJob, by: Any) -> PlannerJob:
    """Cancel a queued or running job: it ends failed (cancelled); a running solve stops at the
    solver's next callback."""
    if job.status not in PLANNER_ACTIVE:
        raise Conflict(
            "Only a queued or running planner job can be cancelled.",
            [{"field": "status", "message": f"the job is {job.status}"}],
        )
    PlannerJob.objects.filter(pk=job.pk, status__in=PLANNER_ACTIVE).update(
        status=PlannerJob.Status.FAILED,
        failure=PlannerJob.Failure.CANCELLED,
        error="Cancelled.",
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


@transaction.atomic
def planner_job_retry(*, job: PlannerJob, by: Any) -> PlannerJob:
    """Run a failed job (cancelled, failed, or whose worker died) again, from the start."""
    planner_jobs_mark_stale()
    job.refresh_from_db(fields=["status"])
    if job.status != PlannerJob.Status.FAILED:
        raise Conflict(
            "Only a failed or cancelled planner job can be run again.",
            [{"field": "status", "message": f"the job is {job.status}"}],
        )
    PlannerJob.objects.filter(pk=job.pk).update(
        status=PlannerJob.Status.QUEUED,
        stage="",
        progress=0,
        figures={},
        failure="",
        error="",
        attempts=0,
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
    )
    job.refresh_from_db()
    _planner_enqueue(job)
    return job


def planner_jobs_mark_stale(now: dt.datetime | None = None) -> int:
    """Mark failed the running planner jobs whose worker stopped giving signs of life (and the
    queued ones never picked up is not a death: they wait). Returns how many.

    Called when jobs are read (page, status, API), so a dead worker's job never stays
    "running"."""
    limit = (now or timezone.now()) - PLANNER_STALE_AFTER
    return PlannerJob.objects.filter(
        status=PlannerJob.Status.RUNNING, heartbeat_at__lt=limit
    ).update(
        status=PlannerJob.Status.FAILED,
        failure=PlannerJob.Failure.WORKER_DIED,
        error="The worker stopped giving signs of life.",
        finished_at=timezone.now(),
    )


def planner_job_spec(job: PlannerJob) -> ScenarioInput:
    """The scenario a job solves (its saved parameters)."""
    known = set(ScenarioInput.__dataclass_fields__)
    return ScenarioInput(**{k: v for k, v in job.parameters.items() if k in known})


def today() -> dt.date:
    return timezone.localdate()
