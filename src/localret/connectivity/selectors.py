"""Reads of the connectivity app, also used by other apps (documented in docs/connectivity.md).

Coverage aggregates are public (no personal data). Candidate sets and scenarios are internal:
callers check ``permissions.can_plan`` / ``can_read_plans`` first.

For other apps (governance report, territorial-balance index, reporting):

- :func:`uncovered_households_by_municipality` -> {INE code: households without gigabit}
- :func:`deployment_investment_by_municipality_year` -> {INE code: {year: Decimal euros}}
- :func:`municipality_summary` -> the figures of one municipality in one year
- :func:`planner_jobs_running` -> the planner runs still queued or running (staff home)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from localret.territory.interface import Municipality

from .classification import NGA_CLASSES, AreaClasses, changes, eu2023_class, nga_class
from .models import (
    AreaCoverage,
    CandidateSet,
    CoverageVintage,
    Deployment,
    ImportJob,
    PlannerJob,
    Scenario,
)

LEVELS = ("municipality", "comarca", "vegueria", "province")


@dataclass
class AreaFigures:
    area: str
    name: str
    kind: str
    municipality: str
    households: int
    premises: int
    covered_30: int
    covered_100: int
    covered_1000: int
    covered_gigabit: int
    ftth: int
    networks_30: int
    networks_gigabit: int
    is_demo: bool

    @property
    def nga(self) -> str:
        return nga_class(self.networks_30)

    @property
    def eu2023(self) -> str:
        return eu2023_class(self.networks_gigabit)

    def households_share(self, covered: int) -> float:
        """Households of the area reached, assuming they are spread like premises."""
        return self.households * covered / self.premises if self.premises else 0.0


def coverage_years() -> list[int]:
    return sorted(set(CoverageVintage.objects.values_list("year", flat=True)))


def year_for(as_of: dt.date | None = None) -> int | None:
    """The latest coverage year not after ``as_of`` (default: the latest)."""
    years = coverage_years()
    if as_of is not None:
        years = [y for y in years if y <= as_of.year]
    return years[-1] if years else None


def has_demo_coverage() -> bool:
    return CoverageVintage.objects.filter(is_demo=True).exists()


_FIELDS = (
    "area__code",
    "area__name",
    "area__kind",
    "area__municipality__code",
    "area__households",
    "premises",
    "covered_30",
    "covered_100",
    "covered_1000",
    "covered_gigabit",
    "ftth",
    "networks_30",
    "networks_gigabit",
    "area__is_demo",
    "vintage__year",
)


def area_figures(
    years: list[int], municipality: str | None = None
) -> dict[int, dict[str, AreaFigures]]:
    """year -> area code -> figures. When a year has several sources, the most recently
    imported one wins for each area."""
    qs = AreaCoverage.objects.filter(vintage__year__in=years).order_by(
        "vintage__imported_at", "vintage_id"
    )
    if municipality:
        qs = qs.filter(area__municipality__code=municipality)
    out: dict[int, dict[str, AreaFigures]] = defaultdict(dict)
    for row in qs.values_list(*_FIELDS).iterator(chunk_size=5000):
        out[row[-1]][row[0]] = AreaFigures(*row[:-1])
    return out


@dataclass
class Totals:
    households: int = 0
    premises: int = 0
    covered_30: int = 0
    covered_100: int = 0
    covered_1000: int = 0
    covered_gigabit: int = 0
    households_gigabit: float = 0.0
    white_households: int = 0
    areas: int = 0
    nga: dict[str, int] = field(default_factory=lambda: dict.fromkeys(NGA_CLASSES, 0))
    eu2023: dict[str, int] = field(default_factory=lambda: dict.fromkeys(NGA_CLASSES, 0))

    def add(self, a: AreaFigures) -> None:
        self.households += a.households
        self.premises += a.premises
        self.covered_30 += a.covered_30
        self.covered_100 += a.covered_100
        self.covered_1000 += a.covered_1000
        self.covered_gigabit += a.covered_gigabit
        self.households_gigabit += a.households_share(a.covered_gigabit)
        self.areas += 1
        self.nga[a.nga] += 1
        self.eu2023[a.eu2023] += 1
        if a.nga == "white":
            self.white_households += a.households

    @property
    def gigabit_share(self) -> float | None:
        return self.households_gigabit / self.households if self.households else None

    @property
    def households_with_gigabit(self) -> int:
        """Estimated households with gigabit, whole and never above the households."""
        return min(self.households, max(0, round(self.households_gigabit)))

    @property
    def households_without_gigabit(self) -> int:
        return max(0, round(self.households - self.households_gigabit))


def municipality_summary(code: str, year: int | None = None) -> dict[str, Any] | None:
    """Public figures of one municipality in one year (default: latest), or None if no data."""
    year = year or year_for()
    if year is None:
        return None
    figures = area_figures([year], code).get(year, {})
    if not figures:
        return None
    t = Totals()
    for a in figures.values():
        t.add(a)
    return {
        "municipality": code,
        "year": year,
        "households": t.households,
        "premises": t.premises,
        "covered_30": t.covered_30,
        "covered_100": t.covered_100,
        "covered_1000": t.covered_1000,
        "covered_gigabit": t.covered_gigabit,
        "households_gigabit": t.households_with_gigabit,
        "gigabit_share": round(t.gigabit_share, 4) if t.gigabit_share is not None else None,
        "white_households": t.white_households,
        "areas": t.areas,
        "classification": {"nga": t.nga, "eu2023": t.eu2023},
        "is_demo": any(a.is_demo for a in figures.values()),
        "area_list": sorted(figures.values(), key=lambda a: (-a.households, a.area)),
    }


def _region_of(level: str) -> dict[str, tuple[str, str]]:
    """municipality code -> (region key, region name) at a level."""
    qs = Municipality.objects.values_list(
        "code",
        "name",
        "comarca__code",
        "comarca__name",
        "comarca__vegueria__code",
        "comarca__vegueria__name",
        "province__code",
        "province__name",
    )
    out = {}
    for code, name, cc, cn, vc, vn, pc, pn in qs:
        out[code] = {
            "municipality": (code, name),
            "comarca": (cc, cn),
            "vegueria": (vc, vn),
            "province": (pc, pn),
        }[level]
    return out


def gap_table(level: str, year: int | None = None) -> dict[str, Any]:
    """Per region at ``level``: households, share with gigabit, households in white areas and
    the trend of the gigabit share over every year."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    years = coverage_years()
    if not years:
        return {"year": None, "years": [], "rows": [], "totals": None}
    year = year if year in years else years[-1]
    regions = _region_of(level)
    per_year: dict[int, dict[str, Totals]] = {}
    for y, figures in area_figures(years).items():
        acc: dict[str, Totals] = defaultdict(Totals)
        for a in figures.values():
            acc[regions[a.municipality][0]].add(a)
        per_year[y] = acc
    names = dict(regions.values())
    current = per_year.get(year, {})
    total = Totals()
    rows: list[dict[str, Any]] = []
    for key, t in current.items():
        total.households += t.households
        total.households_gigabit += t.households_gigabit
        total.white_households += t.white_households
        rows.append(
            {
                "key": key,
                "name": names.get(key, key),
                "households": t.households,
                "households_gigabit": round(t.households_gigabit),
                "gigabit_share": t.gigabit_share,
                "white_households": t.white_households,
                "areas": t.areas,
                "trend": [
                    per_year[y][key].gigabit_share if key in per_year.get(y, {}) else None
                    for y in years
                ],
            }
        )
    rows.sort(key=lambda r: r["name"])
    return {"year": year, "years": years, "rows": rows, "totals": total}


def classification_changes(
    year_from: int, year_to: int, municipality: str | None = None
) -> dict[str, Any]:
    """Areas whose class changed between two years, under both schemes."""
    figures = area_figures([year_from, year_to], municipality)

    def classes(y: int) -> dict[str, AreaClasses]:
        return {code: AreaClasses(code, a.eu2023, a.nga) for code, a in figures.get(y, {}).items()}

    found = changes(classes(year_from), classes(year_to))
    matrix: dict[str, dict[str, int]] = {}
    for c in found:
        key = f"{c.before or '-'}→{c.after or '-'}"
        matrix.setdefault(c.scheme, {})
        matrix[c.scheme][key] = matrix[c.scheme].get(key, 0) + 1
    names = {code: a.name or code for y in figures.values() for code, a in y.items()}
    return {
        "from": year_from,
        "to": year_to,
        "changes": [
            {
                "area": c.area,
                "name": names.get(c.area, c.area),
                "scheme": c.scheme,
                "before": c.before,
                "after": c.after,
            }
            for c in found
        ],
        "counts": matrix,
    }


def map_values(year: int | None = None) -> list[dict[str, Any]]:
    """Per municipality: gigabit share (0-100) for the choropleth, with seat coordinates."""
    year = year or year_for()
    table = gap_table("municipality", year) if year else {"rows": []}
    by_code = {r["key"]: r for r in table["rows"]}
    out = []
    for code, name, lat, lon in Municipality.objects.order_by("code").values_list(
        "code", "name", "lat", "lon"
    ):
        r = by_code.get(code)
        share = r["gigabit_share"] if r else None
        out.append(
            {
                "code": code,
                "name": name,
                "lat": lat,
                "lon": lon,
                "value": round(share * 100, 1) if share is not None else None,
                "white_households": r["white_households"] if r else None,
            }
        )
    return out


# --- for other apps ------------------------------------------------------------------------


def uncovered_households_by_municipality(year: int | None = None) -> dict[str, int]:
    """INE code -> households without a gigabit network (EU 2023 target) in ``year`` (default:
    the latest). Municipalities without coverage data are absent."""
    year = year or year_for()
    if year is None:
        return {}
    acc: dict[str, Totals] = defaultdict(Totals)
    for a in area_figures([year]).get(year, {}).values():
        acc[a.municipality].add(a)
    return {code: t.households_without_gigabit for code, t in sorted(acc.items())}


def deployment_investment_by_municipality_year(
    *, include_cancelled: bool = False
) -> dict[str, dict[int, Decimal]]:
    """INE code -> {year: euros}. A deployment's cost is split over its areas in proportion to
    their premises, and dated by its start date (its end date, or undated ones skipped)."""
    out: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    qs = Deployment.objects.prefetch_related("areas__municipality")
    if not include_cancelled:
        qs = qs.exclude(status="cancelled")
    for d in qs:
        when = d.start_date or d.end_date
        areas = list(d.areas.all())
        if when is None or not areas:
            continue
        weights = [max(a.premises, 1) for a in areas]
        total = sum(weights)
        for area, w in zip(areas, weights, strict=True):
            share = (d.cost_eur * w / total).quantize(Decimal("0.01"))
            out[area.municipality.code][when.year] += share
    return {code: dict(years) for code, years in out.items()}


def open_data_aggregates(year: int | None = None) -> list[dict[str, Any]]:
    """Public aggregates for open data: one row per municipality, comarca, vegueria and
    province in ``year`` (default: latest) with level, code, name, year, households,
    premises, covered_1000 (premises), households_gigabit (estimated households, never above
    households), gigabit_share, white_households and is_demo."""
    year = year or year_for()
    if year is None:
        return []
    demo = has_demo_coverage()
    figures = area_figures([year]).get(year, {})
    out: list[dict[str, Any]] = []
    for level in LEVELS:
        regions = _region_of(level)
        acc: dict[str, Totals] = defaultdict(Totals)
        for a in figures.values():
            acc[regions[a.municipality][0]].add(a)
        names = dict(regions.values())
        for key in sorted(acc):
            t = acc[key]
            share = t.gigabit_share
            out.append(
                {
                    "level": level,
                    "code": key,
                    "name": names.get(key, key),
                    "year": year,
                    "households": t.households,
                    "premises": t.premises,
                    "covered_1000": t.covered_1000,
                    "households_gigabit": t.households_with_gigabit,
                    "gigabit_share": round(share, 4) if share is not None else None,
                    "white_households": t.white_households,
                    "is_demo": demo,
                }
            )
    return out


def premises_passed_by_municipality(as_of: dt.date) -> dict[str, int]:
    """Premises passed by deployments finished (or in progress) by ``as_of``, split over their
    areas in proportion to the areas' premises."""
    out: dict[str, float] = defaultdict(float)
    qs = Deployment.objects.exclude(status="cancelled").prefetch_related("areas__municipality")
    for d in qs:
        when = d.end_date if d.status == "completed" else d.start_date
        if when is None or when > as_of or not d.premises_passed:
            continue
        areas = list(d.areas.all())
        if not areas:
            continue
        total = sum(max(a.premises, 1) for a in areas)
        for a in areas:
            out[a.municipality.code] += d.premises_passed * max(a.premises, 1) / total
    return {code: round(v) for code, v in sorted(out.items())}


def coverage_forecast(code: str) -> list[dict[str, Any]]:
    """Gigabit premises of a municipality forecast from deployments: the latest coverage plus,
    by each deployment's end year, the premises it still has to pass (planned - passed, split
    over its areas in the municipality in proportion to their premises; capped at the
    municipality's premises). Planned and in-progress deployments only."""
    summary = municipality_summary(code)
    if summary is None:
        return []
    covered = float(summary["covered_gigabit"])
    by_year: dict[int, float] = defaultdict(float)
    qs = Deployment.objects.filter(
        status__in=("planned", "in_progress"), areas__municipality__code=code
    ).distinct()
    for d in qs.prefetch_related("areas__municipality"):
        remaining = max(0, d.premises_planned - d.premises_passed)
        areas = list(d.areas.all())
        total = sum(max(a.premises, 1) for a in areas)
        here = sum(max(a.premises, 1) for a in areas if a.municipality.code == code)
        when = (d.end_date or d.start_date or dt.date(summary["year"] + 1, 12, 31)).year
        if total and remaining:
            by_year[when] += remaining * here / total
    out = []
    for year in sorted(by_year):
        covered = min(float(summary["premises"]), covered + by_year[year])
        out.append({"year": year, "covered_gigabit": round(covered)})
    return out


# --- internal (staff and Board) -----------------------------------------------------------


def candidate_sets() -> QuerySet[CandidateSet]:
    return CandidateSet.objects.order_by("name")


def candidate_set_get(name: str) -> CandidateSet | None:
    return CandidateSet.objects.filter(name=name).first()


def scenarios(candidate_set: CandidateSet | None = None) -> QuerySet[Scenario]:
    qs = Scenario.objects.select_related("candidate_set", "created_by")
    if candidate_set is not None:
        qs = qs.filter(candidate_set=candidate_set)
    return qs.order_by("-created_at")


def deployments() -> QuerySet[Deployment]:
    return Deployment.objects.prefetch_related("areas").order_by("-start_date", "name")


@dataclass(frozen=True)
class RunningJob:
    """A planner run still queued or running, as another app's page lists it (labels in the
    reader's language, the page that follows it)."""

    pk: int
    name: str
    url: str
    status: str
    stage: str
    progress: int


def planner_jobs_running(limit: int = 15) -> list[RunningJob]:
    """The planner runs queued or running, newest first (callers mark dead workers' jobs first:
    ``services.planner_jobs_mark_stale``)."""
    from django.urls import reverse

    jobs = PlannerJob.objects.select_related("candidate_set").filter(
        status__in=[PlannerJob.Status.QUEUED, PlannerJob.Status.RUNNING]
    )[:limit]
    return [
        RunningJob(
            pk=j.pk,
            name=j.name or j.candidate_set.name,
            url=reverse("connectivity:planner_job", args=[j.pk]),
            status=str(j.get_status_display()),
            stage=str(j.get_stage_display()),
            progress=j.progress,
        )
        for j in jobs
    ]


def import_jobs_running(limit: int = 15) -> list[RunningJob]:
    """The coverage imports queued or running, newest first, as the staff home lists them."""
    from django.urls import reverse

    from .presentation import import_stage_label

    jobs = ImportJob.objects.filter(
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ).order_by("-created_at")[:limit]
    return [
        RunningJob(
            pk=j.pk,
            name=j.filename,
            url=reverse("connectivity:job", args=[j.pk]),
            status=str(j.get_status_display()),
            stage=import_stage_label(j.stage),
            progress=j.progress,
        )
        for j in jobs
    ]
