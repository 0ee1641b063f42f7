"""Maturity scores, levels, gaps and peer percentiles: pure NumPy, no Django import.

Vocabulary (one row per municipality, one column per indicator of the model version):

- ``answers``: raw answers, ``nan`` when missing. Checks 0/1, self-assessments 0-4, ratios the
  activity per 1,000 inhabitants (the caller divides the yearly count by population / 1,000).
- ``bands``: index of each municipality's population band (0..n_bands-1).

Rules:

1. Each answer is normalised to 0-100: check ``100 * value`` (any value above 0 counts as yes);
   self-assessment ``25 * value`` (clipped to 0-4); ratio: the mid-rank percentile of the value
   among the ratios of the same indicator in the same population band (``100 * (below + equal /
   2) / n``, where the peer set includes the municipality itself), and exactly 0 when the ratio
   is 0. A missing answer scores 0 (nothing evidenced).
2. A dimension's score is the weighted mean of the indicators that apply to the municipality's
   band; a dimension with no applicable indicator is left out (``nan``).
3. The overall score is the weighted mean of the dimension scores (weights configurable; those
   of left-out dimensions are renormalised away).
4. Level 1-5: cut at 20/40/60/80 (a score of exactly 40 is level 3). The gap to the next level
   is ``next cut - overall`` (``None`` at level 5).
5. Peer percentile: the mid-rank percentile of the overall score within the band.

Raising one answer of a municipality never lowers any of its own scores (the normalisations
and the weighted means are monotone); an indicator that does not apply to a band has weight 0
for that band and never changes its scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

CHECK, RATIO, SELF = 0, 1, 2
KIND_CODES = {"check": CHECK, "ratio": RATIO, "self": SELF}
LEVEL_CUTS = (20.0, 40.0, 60.0, 80.0)

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ModelSpec:
    """The structure of one model version, as arrays."""

    kinds: NDArray[np.int_]  # (n_ind,) CHECK | RATIO | SELF
    weights: FloatArray  # (n_ind,) > 0
    dimension_of: NDArray[np.int_]  # (n_ind,) index into dimensions
    applicable: NDArray[np.bool_]  # (n_bands, n_ind)
    dimension_weights: FloatArray  # (n_dim,) >= 0

    @property
    def n_indicators(self) -> int:
        return int(self.kinds.shape[0])

    @property
    def n_dimensions(self) -> int:
        return int(self.dimension_weights.shape[0])

    @classmethod
    def build(
        cls,
        *,
        kinds: Sequence[str],
        weights: Sequence[float],
        dimension_of: Sequence[int],
        bands_of: Sequence[Sequence[str] | None],
        band_codes: Sequence[str],
        dimension_weights: Sequence[float],
    ) -> ModelSpec:
        applicable = np.zeros((len(band_codes), len(kinds)), dtype=bool)
        for j, bands in enumerate(bands_of):
            for b, code in enumerate(band_codes):
                applicable[b, j] = not bands or code in bands
        return cls(
            kinds=np.array([KIND_CODES[k] for k in kinds], dtype=int),
            weights=np.asarray(weights, dtype=float),
            dimension_of=np.asarray(dimension_of, dtype=int),
            applicable=applicable,
            dimension_weights=np.asarray(dimension_weights, dtype=float),
        )


@dataclass(frozen=True)
class Scores:
    normalised: FloatArray  # (n_mun, n_ind) 0-100
    dimensions: FloatArray  # (n_mun, n_dim) 0-100 or nan
    overall: FloatArray  # (n_mun,) 0-100
    levels: NDArray[np.int_]  # (n_mun,) 1-5
    gaps: FloatArray  # (n_mun,) points to the next level, nan at level 5
    band_percentiles: FloatArray  # (n_mun,) 0-100


def midrank_percentile(values: FloatArray, pool: FloatArray) -> FloatArray:
    """Mid-rank percentile (0-100) of each of ``values`` within ``pool`` (1-D, no nan)."""
    if pool.size == 0:
        return np.full(values.shape, np.nan)
    ordered = np.sort(pool)
    below = np.searchsorted(ordered, values, side="left")
    upto = np.searchsorted(ordered, values, side="right")
    return 100.0 * (below + (upto - below) / 2.0) / ordered.size


def normalise(
    spec: ModelSpec,
    answers: FloatArray,
    bands: NDArray[np.int_],
    ratio_pools: dict[tuple[int, int], FloatArray] | None = None,
) -> FloatArray:
    """Answers -> 0-100 per indicator (rule 1). ``ratio_pools[(band, j)]`` gives the peer ratios
    of indicator j in a band; by default the pool is the rows of ``answers`` themselves."""
    n_mun = answers.shape[0]
    out = np.zeros(answers.shape, dtype=float)
    filled = np.nan_to_num(answers, nan=0.0)
    check = spec.kinds == CHECK
    own = spec.kinds == SELF
    out[:, check] = np.where(filled[:, check] > 0, 100.0, 0.0)
    out[:, own] = 25.0 * np.clip(filled[:, own], 0.0, 4.0)
    ratio_cols = np.flatnonzero(spec.kinds == RATIO)
    if ratio_cols.size and n_mun:
        for b in np.unique(bands):
            rows = np.flatnonzero(bands == b)
            for j in ratio_cols:
                values = np.maximum(filled[rows, j], 0.0)
                if ratio_pools is not None and (int(b), int(j)) in ratio_pools:
                    pool = ratio_pools[(int(b), int(j))]
                else:
                    pool = values
                pct = midrank_percentile(values, pool)
                pct = np.where(np.isnan(pct), 0.0, pct)
                out[rows, j] = np.where(values > 0, pct, 0.0)
    return out


def dimension_scores(
    spec: ModelSpec, normalised: FloatArray, bands: NDArray[np.int_]
) -> FloatArray:
    """Rule 2: weighted mean of the applicable indicators, per dimension."""
    weights = spec.applicable[bands].astype(float) * spec.weights[None, :]  # (n_mun, n_ind)
    onehot = np.zeros((spec.n_indicators, spec.n_dimensions))
    onehot[np.arange(spec.n_indicators), spec.dimension_of] = 1.0
    num = (normalised * weights) @ onehot
    den = weights @ onehot
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return np.clip(result, 0.0, 100.0)


def overall_scores(dimensions: FloatArray, dimension_weights: FloatArray) -> FloatArray:
    """Rule 3: weighted mean of the dimensions present."""
    present = ~np.isnan(dimensions)
    w = np.where(present, dimension_weights[None, :], 0.0)
    den = w.sum(axis=1)
    num = (np.nan_to_num(dimensions, nan=0.0) * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    return np.clip(result, 0.0, 100.0)


def levels(overall: FloatArray) -> NDArray[np.int_]:
    """Rule 4: level 1-5."""
    return (1 + np.searchsorted(np.asarray(LEVEL_CUTS), overall, side="right")).astype(int)


def gaps(overall: FloatArray) -> FloatArray:
    """Rule 4: points to the next level's cut (nan at level 5)."""
    cuts = np.append(np.asarray(LEVEL_CUTS), np.nan)
    nxt = cuts[levels(overall) - 1]
    return nxt - overall


def level_of(score: float) -> int:
    return int(levels(np.array([score]))[0])


def gap_of(score: float) -> float | None:
    value = float(gaps(np.array([score]))[0])
    return None if np.isnan(value) else value


def band_percentiles(overall: FloatArray, bands: NDArray[np.int_]) -> FloatArray:
    """Rule 5: mid-rank percentile of the overall score within each band."""
    out = np.full(overall.shape, np.nan)
    for b in np.unique(bands):
        rows = bands == b
        out[rows] = midrank_percentile(overall[rows], overall[rows])
    return out


def score(
    spec: ModelSpec,
    answers: FloatArray,
    bands: NDArray[np.int_],
    ratio_pools: dict[tuple[int, int], FloatArray] | None = None,
) -> Scores:
    """Everything at once for a campaign (or for one assessment against given ratio pools)."""
    answers = np.asarray(answers, dtype=float)
    bands = np.asarray(bands, dtype=int)
    norm = normalise(spec, answers, bands, ratio_pools)
    dims = dimension_scores(spec, norm, bands)
    overall = overall_scores(dims, spec.dimension_weights)
    return Scores(
        normalised=norm,
        dimensions=dims,
        overall=overall,
        levels=levels(overall),
        gaps=gaps(overall),
        band_percentiles=band_percentiles(overall, bands),
    )


def quartiles(values: Sequence[float] | FloatArray) -> tuple[float, float, float] | None:
    """(q1, median, q3) by linear interpolation, or None for an empty set."""
    arr = np.asarray([v for v in values if v is not None and not np.isnan(v)], dtype=float)
    if arr.size == 0:
        return None
    q1, q2, q3 = np.percentile(arr, [25, 50, 75])
    return float(q1), float(q2), float(q3)


def median(values: Sequence[float] | FloatArray) -> float | None:
    q = quartiles(values)
    return None if q is None else q[1]


def percentile_of(value: float, pool: Sequence[float] | FloatArray) -> float | None:
    arr = np.asarray([v for v in pool if v is not None and not np.isnan(v)], dtype=float)
    if arr.size == 0:
        return None
    return float(midrank_percentile(np.array([value]), arr)[0])


@dataclass(frozen=True)
class RoadmapAction:
    indicator: int  # column index
    impact: float  # weight x gap (points of the indicator's 0-100 scale x weight)
    effort: int
    priority: int  # 1 = first


def roadmap_actions(
    spec: ModelSpec,
    normalised_row: FloatArray,
    band: int,
    efforts: Sequence[int],
    min_gap: float = 1.0,
) -> list[RoadmapAction]:
    """Prioritised actions from one municipality's gaps: impact = weight x gap (gap = 100 -
    the indicator's score), only for applicable indicators with a gap; ordered by impact per
    unit of effort, then impact, then column."""
    gap = 100.0 - np.asarray(normalised_row, dtype=float)
    impact = spec.weights * gap
    candidates = [
        j for j in range(spec.n_indicators) if spec.applicable[band, j] and gap[j] >= min_gap
    ]
    candidates.sort(key=lambda j: (-impact[j] / max(efforts[j], 1), -impact[j], j))
    return [
        RoadmapAction(
            indicator=j, impact=round(float(impact[j]), 2), effort=int(efforts[j]), priority=p
        )
        for p, j in enumerate(candidates, start=1)
    ]


def roadmap_progress(statuses: Sequence[str]) -> float | None:
    """Share of agreed items done (items proposed or discarded do not count)."""
    taken = [s for s in statuses if s in ("agreed", "done")]
    if not taken:
        return None
    return sum(1 for s in taken if s == "done") / len(taken)
