"""Reads of the maturity app, also used by other apps (governance, reporting, territorial
balance). Every function makes its joins up front (a fixed number of queries).

Functions for other apps (stable interface):

- :func:`adhesions_by_municipality` -> ``{code: [{"service", "service_name", "category",
  "since", "until"}]}``: adhesions in force at ``as_of`` (public information).
- :func:`projects_by_municipality` -> ``{code: [{"id", "name", "status", "start_date",
  "end_date", "completed_on"}]}`` (internal: staff, Board, the municipality's users).
- :func:`latest_validated_by_municipality` -> ``{code: {"campaign", "campaign_name",
  "overall", "level", "band", "dimensions", "validated_on"}}``: the latest validated assessment of
  each municipality (in ``campaign`` if given; as it stood at ``as_of`` if given). Individual
  results are internal: show them named only to staff and Board, or to the municipality itself.
- :func:`aggregates_by_band` / :func:`aggregates_by_comarca` -> public aggregates (count,
  median, quartiles, overall and per dimension) under disclosure control
  (:func:`public_tables`, ``core/disclosure.py``): groups smaller than :func:`min_group` and
  the cells that would give them back by differencing are suppressed (``suppressed: True``,
  ``count: None`` and no figures); quartiles only from 10 municipalities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q

from localret.core import disclosure
from localret.territory.bands import BAND_CODES, band_label

from . import scoring
from .models import (
    Adhesion,
    Answer,
    Assessment,
    Campaign,
    Dimension,
    MaturityIndicator,
    MaturityModel,
    Milestone,
    Project,
    Roadmap,
    RoadmapItem,
    Service,
)

# Public aggregates of fewer municipalities than this are suppressed (the configured minimum,
# ``min_group()``, is never lower), so that no individual result can be read from them.
MIN_GROUP = disclosure.MIN_GROUP_FLOOR


# --- Campaigns and the model ---------------------------------------------------------------


def campaigns() -> list[Campaign]:
    return list(Campaign.objects.select_related("model").order_by("-year", "-opens_on"))


def campaign_get(slug: str) -> Campaign | None:
    return Campaign.objects.select_related("model").filter(slug=slug).first()


def latest_campaign(with_results: bool = True) -> Campaign | None:
    """The most recent campaign (with at least one validated assessment, by default)."""
    qs = Campaign.objects.select_related("model").order_by("-year", "-opens_on")
    if with_results:
        qs = qs.filter(
            assessments__status=Assessment.Status.VALIDATED, assessments__superseded=False
        ).distinct()
    return qs.first()


def open_campaign() -> Campaign | None:
    return Campaign.objects.select_related("model").filter(is_open=True).order_by("-year").first()


def current_model() -> MaturityModel | None:
    return MaturityModel.objects.order_by("-version").first()


def model_structure(model: MaturityModel) -> list[Dimension]:
    """Dimensions with their indicators and the services that close each one."""
    return list(
        model.dimensions.order_by("position").prefetch_related(
            Prefetch(
                "indicators",
                queryset=MaturityIndicator.objects.order_by("position").prefetch_related(
                    "services"
                ),
            )
        )
    )


def dimensions_of(model: MaturityModel) -> list[tuple[str, str]]:
    return list(model.dimensions.order_by("position").values_list("code", "name"))


# --- Results -------------------------------------------------------------------------------


def campaign_rows(campaign: Campaign, **filters: Any) -> list[dict[str, Any]]:
    """Current validated results of a campaign, one dict per municipality (one query)."""
    qs = Assessment.objects.filter(
        campaign=campaign, status=Assessment.Status.VALIDATED, superseded=False, **filters
    ).values(
        "pk",
        "overall",
        "level",
        "dimension_scores",
        "band",
        "band_percentile",
        "validated_on",
        "municipality__code",
        "municipality__name",
        "municipality__population",
        "municipality__comarca__code",
        "municipality__comarca__name",
        "municipality__province__code",
        "municipality__province__name",
    )
    return [
        {
            "assessment": r["pk"],
            "code": r["municipality__code"],
            "name": r["municipality__name"],
            "population": r["municipality__population"],
            "band": r["band"],
            "comarca": r["municipality__comarca__code"],
            "comarca_name": r["municipality__comarca__name"],
            "province": r["municipality__province__code"],
            "province_name": r["municipality__province__name"],
            "overall": r["overall"],
            "level": r["level"],
            "dimensions": r["dimension_scores"] or {},
            "percentile": r["band_percentile"],
            "validated_on": r["validated_on"],
        }
        for r in qs
        if r["overall"] is not None
    ]


def min_group() -> int:
    """The smallest group any public statistic describes (``LOCALRET_DISCLOSURE_MIN_GROUP``,
    never below 5)."""
    return disclosure.effective_min_group(
        getattr(settings, "LOCALRET_DISCLOSURE_MIN_GROUP", disclosure.MIN_GROUP_FLOOR)
    )


def _stats(values: list[float], k: int) -> dict[str, Any]:
    """Median from ``k`` values, first and third quartiles from ``QUARTILES_MIN``."""
    q = scoring.quartiles(values) if len(values) >= k else None
    if q is None:
        return {"q1": None, "median": None, "q3": None}
    wide = len(values) >= disclosure.QUARTILES_MIN
    return {
        "q1": round(q[0], 1) if wide else None,
        "median": round(q[1], 1),
        "q3": round(q[2], 1) if wide else None,
    }


def _suppressed_group() -> dict[str, Any]:
    # Neither the figures nor the count: a count of 1 to 4 (or 0) is what must not show.
    return {"count": None, "suppressed": True, "overall": None, "dimensions": [], "levels": {}}


def aggregate(
    rows: list[dict[str, Any]],
    dimension_codes: list[str],
    *,
    suppressed: bool = False,
    levels: dict[str, int | None] | None = None,
) -> dict[str, Any]:
    """count, median (and quartiles from 10) of the overall score and of each dimension, and
    the published level counts (``levels``: from :func:`public_tables`); suppressed when the
    table says so or the group is smaller than :func:`min_group`."""
    k = min_group()
    count = len(rows)
    if suppressed or count < k:
        return _suppressed_group()
    return {
        "count": count,
        "suppressed": False,
        "overall": _stats([r["overall"] for r in rows], k),
        "dimensions": [
            {
                "code": code,
                **_stats(
                    [r["dimensions"][code] for r in rows if r["dimensions"].get(code) is not None],
                    k,
                ),
            }
            for code in dimension_codes
        ],
        "levels": levels or {},
    }


LEVELS = [str(level) for level in range(1, 6)]


@dataclass(frozen=True)
class PublicTables:
    """A campaign's results as public tables under disclosure control (core/disclosure.py):
    comarca x population band (cells, comarca and band margins, the overall total) and band x
    level (the level counts published per band and overall)."""

    rows: list[dict[str, Any]]
    comarques: list[tuple[str, str]]  # (code, name), every comarca of the register
    suppressed: frozenset[Any]
    level_suppressed: frozenset[Any]

    def members(self, *, band: str = "", comarca: str = "") -> list[dict[str, Any]]:
        return [
            r
            for r in self.rows
            if (not band or r["band"] == band) and (not comarca or r["comarca"] == comarca)
        ]

    def entry(self, *, band: str = "", comarca: str = "") -> Any:
        if band and comarca:
            return disclosure.cell_key(comarca, band)
        if comarca:
            return disclosure.row_key(comarca)
        if band:
            return disclosure.col_key(band)
        return disclosure.TOTAL

    def levels(self, *, band: str = "", comarca: str = "") -> dict[str, int | None]:
        """Level counts of a band or of everyone (None: suppressed); none for comarques."""
        if comarca:
            return {}
        members = self.members(band=band)
        counts = dict.fromkeys(LEVELS, 0)
        for r in members:
            counts[str(r["level"])] += 1
        if band:
            return {
                lv: None if disclosure.cell_key(band, lv) in self.level_suppressed else n
                for lv, n in counts.items()
            }
        return {
            lv: None if disclosure.col_key(lv) in self.level_suppressed else n
            for lv, n in counts.items()
        }

    def aggregate(
        self, dimension_codes: list[str], *, band: str = "", comarca: str = ""
    ) -> dict[str, Any]:
        if self.entry(band=band, comarca=comarca) in self.suppressed:
            return _suppressed_group()
        return aggregate(
            self.members(band=band, comarca=comarca),
            dimension_codes,
            levels=self.levels(band=band, comarca=comarca),
        )


def public_tables(campaign: Campaign) -> PublicTables:
    """Every public statistic of a campaign comes from here (two queries)."""
    from localret.territory.models import Comarca

    rows = campaign_rows(campaign)
    comarques = list(Comarca.objects.order_by("name").values_list("code", "name"))
    k = min_group()
    cells: dict[tuple[Any, Any], int] = defaultdict(int)
    level_cells: dict[tuple[Any, Any], int] = defaultdict(int)
    for r in rows:
        cells[(r["comarca"], r["band"])] += 1
        level_cells[(r["band"], str(r["level"]))] += 1
    codes = [c for c, _n in comarques]
    suppressed = disclosure.protect_table(cells, codes, list(BAND_CODES), min_group=k)
    # Band x level shares its margins with the table above: a band suppressed there has no
    # published level counts, and a published band count is never suppressed here.
    band_rows = [disclosure.row_key(b) for b in BAND_CODES]
    hidden: set[Any] = {
        disclosure.row_key(b) for b in BAND_CODES if disclosure.col_key(b) in suppressed
    }
    if disclosure.TOTAL in suppressed:
        hidden.add(disclosure.TOTAL)
    level_suppressed = disclosure.protect_table(
        level_cells,
        list(BAND_CODES),
        LEVELS,
        min_group=k,
        keep=[*band_rows, disclosure.TOTAL],
        force=hidden,
    )
    return PublicTables(rows, comarques, suppressed, level_suppressed)


def benchmark(campaign: Campaign, *, band: str = "", comarca: str = "") -> dict[str, Any]:
    """Public aggregates of a campaign, optionally for one band and/or one comarca."""
    tables = public_tables(campaign)
    dims = dimensions_of(campaign.model)
    return {
        "campaign": campaign.slug,
        "campaign_name": campaign.name,
        "band": band or None,
        "comarca": comarca or None,
        "min_group": min_group(),
        **tables.aggregate([c for c, _n in dims], band=band, comarca=comarca),
        "dimension_names": dict(dims),
    }


def aggregates_by_band(campaign: Campaign) -> list[dict[str, Any]]:
    """Public: one aggregate per population band (disclosure control: public_tables)."""
    tables = public_tables(campaign)
    dims = [c for c, _n in dimensions_of(campaign.model)]
    return [
        {"code": b, "name": band_label(b), **tables.aggregate(dims, band=b)} for b in BAND_CODES
    ]


def aggregates_by_comarca(campaign: Campaign) -> list[dict[str, Any]]:
    """Public: one aggregate per comarca of the register (disclosure control: public_tables)."""
    tables = public_tables(campaign)
    dims = [c for c, _n in dimensions_of(campaign.model)]
    return [
        {"code": code, "name": name, **tables.aggregate(dims, comarca=code)}
        for code, name in tables.comarques
    ]


def latest_assessment(
    municipality_code: str, campaign: Campaign | None = None
) -> Assessment | None:
    """The latest current validated assessment of a municipality (in ``campaign`` if given)."""
    qs = Assessment.objects.filter(
        municipality__code=municipality_code,
        status=Assessment.Status.VALIDATED,
        superseded=False,
        overall__isnull=False,
    ).select_related("campaign", "campaign__model", "municipality")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-campaign__year", "-campaign__opens_on").first()


def municipality_results(
    municipality_code: str, campaign: Campaign | None = None
) -> dict[str, Any] | None:
    """A municipality's latest validated result with its peers: percentile in band, medians of
    band, comarca and province, overall and per dimension. Internal (check permissions)."""
    assessment = latest_assessment(municipality_code, campaign)
    if assessment is None:
        return None
    rows = campaign_rows(assessment.campaign)
    mine = next((r for r in rows if r["code"] == municipality_code), None)
    if mine is None:
        return None
    dims = dimensions_of(assessment.campaign.model)
    groups = {
        "band": [r for r in rows if r["band"] == mine["band"]],
        "comarca": [r for r in rows if r["comarca"] == mine["comarca"]],
        "province": [r for r in rows if r["province"] == mine["province"]],
    }
    medians: dict[str, Any] = {}
    for name, members in groups.items():
        medians[name] = {
            "count": len(members),
            "overall": scoring.median([m["overall"] for m in members]),
            "percentile": scoring.percentile_of(mine["overall"], [m["overall"] for m in members]),
            "dimensions": {
                code: scoring.median(
                    [
                        m["dimensions"][code]
                        for m in members
                        if m["dimensions"].get(code) is not None
                    ]
                )
                for code, _n in dims
            },
        }
    return {
        "assessment": assessment,
        "campaign": assessment.campaign,
        "overall": mine["overall"],
        "level": mine["level"],
        "gap": scoring.gap_of(mine["overall"]),
        "band": mine["band"],
        "band_label": band_label(mine["band"]),
        "percentile": mine["percentile"],
        "dimensions": [
            {
                "code": code,
                "name": name,
                "score": mine["dimensions"].get(code),
                "band_median": medians["band"]["dimensions"][code],
                "comarca_median": medians["comarca"]["dimensions"][code],
                "province_median": medians["province"]["dimensions"][code],
            }
            for code, name in dims
        ],
        "medians": medians,
        "anonymous_band_scores": sorted(
            (round(m["overall"], 1) for m in groups["band"]), reverse=True
        ),
    }


def evolution(municipality_code: str) -> list[dict[str, Any]]:
    """Validated results of a municipality in every campaign, oldest first. Internal."""
    qs = (
        Assessment.objects.filter(
            municipality__code=municipality_code,
            status=Assessment.Status.VALIDATED,
            superseded=False,
            overall__isnull=False,
        )
        .select_related("campaign")
        .order_by("campaign__year")
    )
    return [
        {
            "campaign": a.campaign.name,
            "year": a.campaign.year,
            "overall": a.overall,
            "level": a.level,
            "dimensions": a.dimension_scores,
        }
        for a in qs
    ]


def latest_validated_by_municipality(
    campaign: Campaign | None = None, as_of: dt.date | None = None
) -> dict[str, dict[str, Any]]:
    """See the module docstring. One query."""
    qs = Assessment.objects.filter(
        status=Assessment.Status.VALIDATED, overall__isnull=False
    ).values(
        "municipality__code",
        "campaign__slug",
        "campaign__name",
        "campaign__year",
        "revision",
        "overall",
        "level",
        "band",
        "dimension_scores",
        "validated_on",
        "superseded",
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    qs = qs.filter(validated_on__lte=as_of) if as_of is not None else qs.filter(superseded=False)
    out: dict[str, dict[str, Any]] = {}
    for r in qs.order_by("campaign__year", "revision"):
        out[r["municipality__code"]] = {
            "campaign": r["campaign__slug"],
            "campaign_name": r["campaign__name"],
            "overall": r["overall"],
            "level": r["level"],
            "band": r["band"],
            "dimensions": r["dimension_scores"],
            "validated_on": r["validated_on"],
        }
    return out


# --- Assessments ---------------------------------------------------------------------------


def assessment_get(pk: int) -> Assessment | None:
    return (
        Assessment.objects.select_related(
            "municipality", "municipality__comarca", "campaign", "model", "validated_by"
        )
        .filter(pk=pk)
        .first()
    )


def assessment_sections(assessment: Assessment) -> list[dict[str, Any]]:
    """Dimensions with their indicators and this assessment's answer to each (3 queries)."""
    answers = {a.indicator_id: a for a in Answer.objects.filter(assessment=assessment)}
    band = assessment.municipality.population_band
    sections = []
    for dim in model_structure(assessment.model):
        items = []
        for ind in dim.indicators.all():
            items.append(
                {
                    "indicator": ind,
                    "answer": answers.get(ind.pk),
                    "applies": ind.applies_to(band),
                }
            )
        sections.append({"dimension": dim, "items": items})
    return sections


def assessments_of(municipality_code: str) -> list[Assessment]:
    return list(
        Assessment.objects.filter(municipality__code=municipality_code)
        .select_related("campaign")
        .order_by("-campaign__year", "-revision")
    )


def review_queue() -> list[Assessment]:
    """Submitted assessments waiting for staff."""
    return list(
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
        .select_related("municipality", "campaign")
        .order_by("submitted_at")
    )


def campaign_progress(campaign: Campaign) -> dict[str, int]:
    counts = dict.fromkeys(Assessment.Status.values, 0)
    for status in Assessment.objects.filter(campaign=campaign).values_list("status", flat=True):
        counts[status] += 1
    return counts


# --- Roadmaps ------------------------------------------------------------------------------


def roadmap_for(municipality_code: str) -> Roadmap | None:
    """The latest roadmap of a municipality, items with their indicators and services."""
    return (
        Roadmap.objects.filter(municipality__code=municipality_code)
        .select_related("assessment", "assessment__campaign", "municipality")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RoadmapItem.objects.select_related(
                    "indicator", "indicator__dimension"
                ).prefetch_related("indicator__services", "projects"),
            )
        )
        .order_by("-created_at")
        .first()
    )


def roadmap_progress(roadmap: Roadmap) -> float | None:
    return scoring.roadmap_progress([i.status for i in roadmap.items.all()])


# --- Services, adhesions, projects ---------------------------------------------------------


def service_catalogue() -> list[Service]:
    return list(
        Service.objects.filter(is_active=True)
        .select_related("action_line")
        .prefetch_related("indicators")
        .order_by("category", "name")
    )


def _in_force(as_of: dt.date | None) -> Q:
    if as_of is None:
        return Q(until__isnull=True)
    return Q(since__lte=as_of) & (Q(until__isnull=True) | Q(until__gt=as_of))


def adhesion_counts(as_of: dt.date | None = None) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for code in Adhesion.objects.filter(_in_force(as_of)).values_list("service__code", flat=True):
        counts[code] += 1
    return dict(counts)


def adhesions_by_municipality(
    as_of: dt.date | None = None, service: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """See the module docstring. One query."""
    qs = Adhesion.objects.filter(_in_force(as_of))
    if service:
        qs = qs.filter(service__code=service)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for code, s_code, s_name, category, since, until in qs.values_list(
        "municipality__code",
        "service__code",
        "service__name",
        "service__category",
        "since",
        "until",
    ).order_by("municipality__code", "service__name"):
        out[code].append(
            {
                "service": s_code,
                "service_name": s_name,
                "category": category,
                "since": since,
                "until": until,
            }
        )
    return dict(out)


def projects_by_municipality(
    as_of: dt.date | None = None, status: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """See the module docstring. One query."""
    qs = Project.municipalities.through.objects.select_related("project", "municipality")
    if as_of is not None:
        qs = qs.filter(project__start_date__lte=as_of)
    if status:
        qs = qs.filter(project__status=status)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in qs.order_by("municipality__code", "project__start_date"):
        p = link.project
        out[link.municipality.code].append(
            {
                "id": p.pk,
                "name": p.name,
                "status": p.status,
                "status_label": str(p.get_status_display()),
                "start_date": p.start_date,
                "end_date": p.end_date,
                "completed_on": p.completed_on,
            }
        )
    return dict(out)


def projects_board(today: dt.date, status: str = "") -> list[Project]:
    """Every project with its municipalities, technician and milestones; each gets
    ``overdue`` (milestones past due and not done)."""
    qs = Project.objects.select_related("technician").prefetch_related(
        "municipalities", Prefetch("milestones", queryset=Milestone.objects.order_by("due_date"))
    )
    if status:
        qs = qs.filter(status=status)
    projects = list(qs.order_by("status", "start_date"))
    for p in projects:
        p.overdue = [  # type: ignore[attr-defined]
            m for m in p.milestones.all() if m.done_on is None and m.due_date < today
        ]
    return projects


def project_get(pk: int) -> Project | None:
    return (
        Project.objects.select_related("technician")
        .prefetch_related(
            "municipalities",
            "milestones",
            "documents",
            Prefetch("items", queryset=RoadmapItem.objects.select_related("indicator")),
        )
        .filter(pk=pk)
        .first()
    )


def projects_of(municipality_code: str) -> list[Project]:
    return list(
        Project.objects.filter(municipalities__code=municipality_code)
        .prefetch_related("milestones")
        .order_by("-start_date")
    )


def services_of(municipality_code: str) -> list[Adhesion]:
    return list(
        Adhesion.objects.filter(municipality__code=municipality_code, until__isnull=True)
        .select_related("service")
        .order_by("service__name")
    )


def map_medians(campaign: Campaign, level: str = "comarca") -> list[dict[str, Any]]:
    """Public: median overall score per comarca (suppressed groups have None)."""
    return [
        {
            "code": g["code"],
            "name": g["name"],
            "count": g["count"],
            "median": None if g["suppressed"] else g["overall"]["median"],
        }
        for g in aggregates_by_comarca(campaign)
    ]
