"""Reads of assessments: a municipality's results and evolution, review queue, roadmaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch

from localret.territory.interface import band_label

from .. import scoring
from ..models import Answer, Assessment, Campaign, Roadmap, RoadmapItem
from .aggregates import campaign_rows
from .campaigns import dimensions_of, model_structure


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
