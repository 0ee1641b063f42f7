"""Similarity of municipalities and replication ranking (pure: no Django import).

The method is documented in ``docs/innovation.md``. In short:

1. Each municipality has numeric features: population, density, ageing index, income per
   person and maturity score. Population, density and ageing are log-transformed (they are
   heavily skewed); income and maturity are used as they are.
2. Each transformed feature is standardised over all municipalities that have it:
   ``z = (x - mean) / sd`` (``sd`` of 0 counts as 1).
3. The distance between two municipalities ``a`` and ``b`` is a weighted root-mean-square of the
   differences of the features that both have, plus a categorical comarca term (0 when both are
   in the same comarca, 1 otherwise)::

       d(a, b) = sqrt( (sum_f w_f (z_f(a) - z_f(b))^2 + w_c [comarca(a) != comarca(b)])
                       / (sum_f w_f + w_c) )

4. Similarity is ``s(a, b) = 1 / (1 + d(a, b))``, in (0, 1]; ``s(a, a) = 1``; ``s(a, b) =
   s(b, a)``.
5. The replication score of a candidate is its similarity to the *nearest* municipality where
   the pilot worked (the seeds). Participants and adopters are never ranked. Each
   recommendation names that nearest seed and says in what they resemble each other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NUMERIC_FEATURES: tuple[str, ...] = ("population", "density", "ageing", "income", "maturity")
LOG_FEATURES: frozenset[str] = frozenset({"population", "density", "ageing"})
DEFAULT_WEIGHTS: dict[str, float] = {
    "population": 2.0,
    "density": 1.0,
    "ageing": 1.0,
    "income": 1.0,
    "maturity": 1.0,
    "comarca": 1.0,
}
# Two standardised values closer than this are "similar" in an explanation.
CLOSE_Z = 0.5
MAX_REASONS = 4


@dataclass(frozen=True)
class Features:
    """What the similarity knows about one municipality (None: unknown)."""

    code: str
    name: str = ""
    comarca: str = ""
    comarca_name: str = ""
    band: str = ""
    band_label: str = ""
    population: float | None = None
    density: float | None = None
    ageing: float | None = None
    income: float | None = None
    maturity: float | None = None

    def raw(self, feature: str) -> float | None:
        value = getattr(self, feature)
        return None if value is None else float(value)


@dataclass(frozen=True)
class Reason:
    """One clause of "similar because ...". ``kind``: band, population, comarca, density,
    ageing, income, maturity or overall. Values are the raw (untransformed) figures."""

    kind: str
    seed_code: str
    seed_name: str
    candidate_value: float | str | None = None
    seed_value: float | str | None = None


@dataclass(frozen=True)
class Recommendation:
    code: str
    name: str
    score: float
    nearest_code: str
    nearest_name: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def _transform(feature: str, value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    if feature in LOG_FEATURES:
        return math.log(value) if value > 0 else None
    return value


@dataclass(frozen=True)
class Standardiser:
    """Mean and standard deviation of each transformed feature over a population."""

    means: Mapping[str, float]
    sds: Mapping[str, float]

    @classmethod
    def fit(cls, rows: Iterable[Features]) -> Standardiser:
        columns: dict[str, list[float]] = {f: [] for f in NUMERIC_FEATURES}
        for row in rows:
            for feature in NUMERIC_FEATURES:
                value = _transform(feature, row.raw(feature))
                if value is not None:
                    columns[feature].append(value)
        means: dict[str, float] = {}
        sds: dict[str, float] = {}
        for feature, values in columns.items():
            if not values:
                continue
            mean = sum(values) / len(values)
            var = sum((v - mean) ** 2 for v in values) / len(values)
            means[feature] = mean
            sds[feature] = math.sqrt(var) if var > 0 else 1.0
        return cls(means=means, sds=sds)

    def z(self, row: Features) -> dict[str, float]:
        """Standardised features of one row (only those known, and known to the fit)."""
        out: dict[str, float] = {}
        for feature in NUMERIC_FEATURES:
            if feature not in self.means:
                continue
            value = _transform(feature, row.raw(feature))
            if value is not None:
                out[feature] = (value - self.means[feature]) / self.sds[feature]
        return out


def distance(
    za: Mapping[str, float],
    zb: Mapping[str, float],
    same_comarca: bool,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> float:
    """Weighted RMS distance over the features both have, plus the comarca term."""
    total = 0.0
    weight_sum = 0.0
    for feature in NUMERIC_FEATURES:
        w = weights.get(feature, 0.0)
        if w <= 0 or feature not in za or feature not in zb:
            continue
        total += w * (za[feature] - zb[feature]) ** 2
        weight_sum += w
    wc = weights.get("comarca", 0.0)
    if wc > 0:
        total += wc * (0.0 if same_comarca else 1.0)
        weight_sum += wc
    if weight_sum == 0:
        return 0.0
    return math.sqrt(total / weight_sum)


def similarity_from_distance(d: float) -> float:
    return 1.0 / (1.0 + d)


def similarity(
    a: Features,
    b: Features,
    standardiser: Standardiser,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> float:
    """Similarity of two municipalities in (0, 1]; 1 for identical features and comarca."""
    same = bool(a.comarca) and a.comarca == b.comarca
    return similarity_from_distance(distance(standardiser.z(a), standardiser.z(b), same, weights))


def explain(
    candidate: Features,
    seed: Features,
    zc: Mapping[str, float],
    zs: Mapping[str, float],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> tuple[Reason, ...]:
    """The clauses of "similar because ...", the closest features first."""
    scored: list[tuple[float, Reason]] = []
    if candidate.band and candidate.band == seed.band:
        scored.append(
            (
                abs(zc.get("population", 0.0) - zs.get("population", 0.0)) - 1.0,
                Reason("band", seed.code, seed.name, candidate.band_label or candidate.band),
            )
        )
    elif "population" in zc and "population" in zs:
        gap = abs(zc["population"] - zs["population"])
        if gap <= CLOSE_Z:
            scored.append(
                (
                    gap,
                    Reason(
                        "population",
                        seed.code,
                        seed.name,
                        candidate.population,
                        seed.population,
                    ),
                )
            )
    if candidate.comarca and candidate.comarca == seed.comarca:
        scored.append(
            (-0.5, Reason("comarca", seed.code, seed.name, candidate.comarca_name or "", None))
        )
    for feature in ("density", "ageing", "income", "maturity"):
        if weights.get(feature, 0.0) <= 0 or feature not in zc or feature not in zs:
            continue
        gap = abs(zc[feature] - zs[feature])
        if gap <= CLOSE_Z:
            scored.append(
                (
                    gap,
                    Reason(
                        feature, seed.code, seed.name, candidate.raw(feature), seed.raw(feature)
                    ),
                )
            )
    scored.sort(key=lambda item: (item[0], item[1].kind))
    reasons = tuple(reason for _, reason in scored[:MAX_REASONS])
    if not reasons:
        reasons = (Reason("overall", seed.code, seed.name),)
    return reasons


def rank(
    candidates: Iterable[Features],
    seeds: Iterable[Features],
    *,
    exclude: Iterable[str] = (),
    standardiser: Standardiser | None = None,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    limit: int | None = 20,
) -> list[Recommendation]:
    """Rank candidates by their similarity to the nearest seed, best first (ties by code).

    Seeds and every code in ``exclude`` are never ranked. ``standardiser`` defaults to one
    fitted on candidates and seeds together.
    """
    candidate_list = list(candidates)
    seed_list = list(seeds)
    if not seed_list:
        return []
    if standardiser is None:
        standardiser = Standardiser.fit([*candidate_list, *seed_list])
    excluded = set(exclude) | {s.code for s in seed_list}
    seed_z: list[tuple[Features, Mapping[str, float]]] = [
        (s, standardiser.z(s)) for s in sorted(seed_list, key=lambda s: s.code)
    ]
    results: list[Recommendation] = []
    seen: set[str] = set()
    for candidate in candidate_list:
        if candidate.code in excluded or candidate.code in seen:
            continue
        seen.add(candidate.code)
        zc: Mapping[str, float] = standardiser.z(candidate)
        best: tuple[float, Features, Mapping[str, float]] | None = None
        for seed_row, seed_zs in seed_z:
            same = bool(candidate.comarca) and candidate.comarca == seed_row.comarca
            score = similarity_from_distance(distance(zc, seed_zs, same, weights))
            if best is None or score > best[0]:
                best = (score, seed_row, seed_zs)
        assert best is not None  # noqa: S101 - narrows the type; always true here
        score, seed, zs = best
        results.append(
            Recommendation(
                code=candidate.code,
                name=candidate.name,
                score=score,
                nearest_code=seed.code,
                nearest_name=seed.name,
                reasons=explain(candidate, seed, zc, zs, weights),
            )
        )
    results.sort(key=lambda r: (-r.score, r.code))
    return results if limit is None else results[:limit]


def criterion_met(direction: str, baseline: float, target: float, value: float) -> bool:
    """Whether a result reaches its target (``increase``: value >= target; ``decrease``:
    value <= target). The baseline is kept for symmetry with progress and is not used."""
    if direction == "decrease":
        return value <= target
    return value >= target


def criterion_progress(direction: str, baseline: float, target: float, value: float) -> float:
    """Share of the way from baseline to target, clamped to [0, 1] (1 when target = baseline
    and reached)."""
    span = target - baseline
    if span == 0:
        return 1.0 if criterion_met(direction, baseline, target, value) else 0.0
    progress = (value - baseline) / span
    return max(0.0, min(1.0, progress))


def worked_in(
    results: Iterable[tuple[str, str, float, float, float]], participants: Iterable[str]
) -> list[str]:
    """Participants where the pilot worked: every criterion with a result there was met and
    at least one result exists. ``results``: (municipality, direction, baseline, target, value).
    """
    met: dict[str, bool] = {}
    for code, direction, baseline, target, value in results:
        ok = criterion_met(direction, baseline, target, value)
        met[code] = met.get(code, True) and ok
    return sorted(code for code in set(participants) if met.get(code, False))
