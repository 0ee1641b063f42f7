"""Bridge between the database and the pure scoring module: builds the arrays of a model
version and of a campaign, and turns results back into per-municipality figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import connection
from django.utils.translation import gettext as _

from localret.territory.interface import BAND_CODES

from . import scoring
from .models import Answer, Assessment, Campaign, Dimension, MaturityIndicator, MaturityModel


@dataclass(frozen=True)
class ModelArrays:
    model: MaturityModel
    dimensions: list[Dimension]
    indicators: list[MaturityIndicator]
    spec: scoring.ModelSpec
    column: dict[int, int]  # indicator id -> column


def model_arrays(
    model: MaturityModel, dimension_weights: dict[str, float] | None = None
) -> ModelArrays:
    dimensions = list(model.dimensions.order_by("position", "code"))
    indicators = list(
        MaturityIndicator.objects.filter(dimension__model=model).order_by(
            "dimension__position", "position", "code"
        )
    )
    dim_index = {d.pk: i for i, d in enumerate(dimensions)}
    weights = dimension_weights or {}
    spec = scoring.ModelSpec.build(
        kinds=[i.kind for i in indicators],
        weights=[float(i.weight) for i in indicators],
        dimension_of=[dim_index[i.dimension_id] for i in indicators],
        bands_of=[i.bands or None for i in indicators],
        band_codes=BAND_CODES,
        dimension_weights=[float(weights.get(d.code, d.weight)) for d in dimensions],
    )
    return ModelArrays(
        model=model,
        dimensions=dimensions,
        indicators=indicators,
        spec=spec,
        column={ind.pk: j for j, ind in enumerate(indicators)},
    )


def band_index(band: str) -> int:
    return BAND_CODES.index(band) if band in BAND_CODES else 0


def answer_matrix(
    arrays: ModelArrays, assessments: list[Assessment], populations: dict[int, int | None]
) -> np.ndarray:
    """(n_assessments, n_ind) answers, ratios already per 1,000 inhabitants."""
    row_of = {a.pk: r for r, a in enumerate(assessments)}
    matrix = np.full((len(assessments), arrays.spec.n_indicators), np.nan)
    if not assessments:
        return matrix
    rows = Answer.objects.filter(assessment_id__in=list(row_of), value__isnull=False).values_list(
        "assessment_id", "indicator_id", "value"
    )
    for assessment_id, indicator_id, value in rows:
        column = arrays.column.get(indicator_id)
        if column is not None:
            matrix[row_of[assessment_id], column] = float(value or 0)
    ratio_cols = np.flatnonzero(arrays.spec.kinds == scoring.RATIO)
    if ratio_cols.size:
        per_thousand = np.array(
            [1000.0 / max(populations.get(a.pk) or 1, 1) for a in assessments], dtype=float
        )
        matrix[:, ratio_cols] = matrix[:, ratio_cols] * per_thousand[:, None]
    return matrix


def dims_dict(arrays: ModelArrays, row: np.ndarray) -> dict[str, float | None]:
    return {
        d.code: (None if np.isnan(row[i]) else round(float(row[i]), 1))
        for i, d in enumerate(arrays.dimensions)
    }


def current_validated(campaign: Campaign) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            campaign=campaign, status=Assessment.Status.VALIDATED, superseded=False
        )
        .select_related("municipality")
        .only(
            "id",
            "overall",
            "level",
            "dimension_scores",
            "band",
            "band_percentile",
            "municipality__code",
            "municipality__population",
            "municipality__population_band",
        )
    )


def campaign_rescore(campaign: Campaign) -> int:
    """Recompute the stored scores of every current validated assessment of a campaign."""
    assessments = current_validated(campaign)
    if not assessments:
        return 0
    arrays = model_arrays(campaign.model)
    populations = {a.pk: a.municipality.population for a in assessments}
    bands = np.array([band_index(a.municipality.population_band) for a in assessments])
    result = scoring.score(arrays.spec, answer_matrix(arrays, assessments, populations), bands)
    field = Assessment._meta.get_field("dimension_scores")
    changed = []
    for r, a in enumerate(assessments):
        new = (
            round(float(result.overall[r]), 2),
            int(result.levels[r]),
            dims_dict(arrays, result.dimensions[r]),
            a.municipality.population_band,
            round(float(result.band_percentiles[r]), 1),
        )
        if new != (a.overall, a.level, a.dimension_scores, a.band, a.band_percentile):
            a.overall, a.level, a.dimension_scores, a.band, a.band_percentile = new
            changed.append(a)
    if changed:
        # One executemany instead of bulk_update's CASE expressions (20x faster for a campaign).
        table = connection.ops.quote_name(Assessment._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET overall = %s, level = %s, dimension_scores = %s, "  # noqa: S608
                "band = %s, band_percentile = %s WHERE id = %s",
                [
                    (
                        a.overall,
                        a.level,
                        field.get_db_prep_value(a.dimension_scores, connection),
                        a.band,
                        a.band_percentile,
                        a.pk,
                    )
                    for a in changed
                ],
            )
    return len(assessments)


@dataclass(frozen=True)
class Provisional:
    overall: float
    level: int
    gap: float | None
    dimensions: dict[str, float | None]
    normalised: dict[str, float]  # indicator code -> 0-100


def provisional_scores(assessment: Assessment) -> Provisional:
    """Scores of any assessment (a draft too), its ratios ranked against the campaign's current
    validated assessments of the same band."""
    arrays = model_arrays(assessment.model)
    municipality = assessment.municipality
    band = band_index(municipality.population_band)
    peers = [
        a
        for a in current_validated(assessment.campaign)
        if a.municipality.population_band == municipality.population_band and a.pk != assessment.pk
    ]
    everyone = [*peers, assessment]
    populations = {a.pk: a.municipality.population for a in everyone}
    matrix = answer_matrix(arrays, everyone, populations)
    pools: dict[tuple[int, int], np.ndarray] = {}
    for j in np.flatnonzero(arrays.spec.kinds == scoring.RATIO):
        pools[(band, int(j))] = np.maximum(np.nan_to_num(matrix[:, j], nan=0.0), 0.0)
    result = scoring.score(arrays.spec, matrix[-1:], np.array([band]), pools)
    overall = float(result.overall[0])
    return Provisional(
        overall=round(overall, 1),
        level=int(result.levels[0]),
        gap=scoring.gap_of(overall),
        dimensions=dims_dict(arrays, result.dimensions[0]),
        normalised={
            ind.code: round(float(result.normalised[0, j]), 1)
            for j, ind in enumerate(arrays.indicators)
        },
    )


def validate_value(indicator: MaturityIndicator, value: Decimal | None) -> str | None:
    """Why a value is not acceptable for an indicator, or None."""
    if value is None:
        return None
    if value < 0:
        return _("must be 0 or more")
    if indicator.kind == MaturityIndicator.Kind.CHECK and value not in (0, 1):
        return _("must be 0 (no) or 1 (yes)")
    if indicator.kind == MaturityIndicator.Kind.SELF and (
        value != value.to_integral_value() or value > 4
    ):
        return _("must be a whole number from 0 to 4")
    if indicator.kind == MaturityIndicator.Kind.RATIO and value > Decimal("1e11"):
        return _("is too large")
    return None
