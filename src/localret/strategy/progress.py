"""Progress, expected progress, status and roll-up of the strategic plan (pure: no Django).

Everything here works on plain floats and dates so it can be tested with hypothesis and
benchmarked. The rules are documented with worked examples in ``docs/progress.md``.

- :func:`indicator_progress`: (current - baseline) / (target - baseline) clamped to [0, 1]; the
  same formula mirrors itself for decreasing indicators (both differences are negative); for a
  "keep within a range" indicator, 1 inside the range, otherwise how much of the baseline's
  distance to the range has been closed.
- :func:`expected_progress`: at a date, the progress one should have reached: linear between
  the milestones (each milestone value turned into a progress), or a straight line from the
  baseline date (0) to the target date (1).
- :func:`status_for`: ``achieved`` (progress 1), ``on_track`` (actual >= on_track x expected),
  ``at_risk`` (>= at_risk x expected), ``off_track`` (below), ``no_data`` (something was
  expected but nothing measured) and ``not_started`` (nothing expected yet, nothing measured).
- :func:`rollup`: weighted mean of the children's progress and expected progress, weights
  normalised automatically, with an explanation of which children pull the node down most.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

ACHIEVED = "achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
NOT_STARTED = "not_started"
# A closed plan is evaluated, not forecast: against its targets at the mandate end, each node
# is achieved, partly achieved (at least PARTLY_FROM of the way from baseline to target) or not
# achieved (see :func:`evaluated_status`).
PARTLY_ACHIEVED = "partly_achieved"
NOT_ACHIEVED = "not_achieved"
PARTLY_FROM = 0.5
STATUSES = (
    ACHIEVED,
    ON_TRACK,
    AT_RISK,
    OFF_TRACK,
    NO_DATA,
    NOT_STARTED,
    PARTLY_ACHIEVED,
    NOT_ACHIEVED,
)

INCREASE = "increase"
DECREASE = "decrease"
RANGE = "range"

EPS = 1e-9


@dataclass(frozen=True)
class Thresholds:
    """Ratios of actual to expected progress. Defaults: 0.9 on track, 0.7 at risk."""

    on_track: float = 0.9
    at_risk: float = 0.7

    def __post_init__(self) -> None:
        if not 0 <= self.at_risk <= self.on_track <= 1:
            raise ValueError("thresholds must satisfy 0 <= at_risk <= on_track <= 1")


DEFAULT_THRESHOLDS = Thresholds()


def clamp01(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else float(x)


def indicator_progress(
    current: float | None,
    baseline: float | None,
    target: float | None,
    direction: str = INCREASE,
    range_low: float | None = None,
    range_high: float | None = None,
) -> float | None:
    """Progress in [0, 1] of a value from its baseline towards its target, or None.

    None when there is no current value, or no baseline/target to measure against.
    """
    if current is None:
        return None
    if direction == RANGE:
        if range_low is None or range_high is None:
            return None
        if range_low <= current <= range_high:
            return 1.0
        distance = range_low - current if current < range_low else current - range_high
        if baseline is None:
            return 0.0
        if range_low <= baseline <= range_high:
            return 0.0
        start = range_low - baseline if baseline < range_low else baseline - range_high
        return clamp01(1 - distance / start)
    if baseline is None or target is None:
        return None
    span = target - baseline
    if abs(span) < EPS:
        met = current >= target if direction == INCREASE else current <= target
        return 1.0 if met else 0.0
    return clamp01((current - baseline) / span)


def _days(date: dt.date) -> float:
    return float(date.toordinal())


def expected_progress(
    as_of: dt.date,
    baseline_date: dt.date | None,
    target_date: dt.date | None,
    milestones: Sequence[tuple[dt.date, float]] = (),
    *,
    baseline: float | None = None,
    target: float | None = None,
    direction: str = INCREASE,
    range_low: float | None = None,
    range_high: float | None = None,
) -> float | None:
    """Progress expected at ``as_of``: linear through the milestones, else a straight line.

    Milestones (date, value) are converted to progress with :func:`indicator_progress`; those
    outside (baseline_date, target_date) are ignored. None without a target date.
    """
    if target_date is None:
        return None
    if baseline_date is None or baseline_date >= target_date:
        return 1.0 if as_of >= target_date else 0.0
    if as_of <= baseline_date:
        return 0.0
    if as_of >= target_date:
        return 1.0
    points: list[tuple[float, float]] = [(_days(baseline_date), 0.0)]
    if direction != RANGE:
        for date, value in sorted(milestones):
            if baseline_date < date < target_date:
                p = indicator_progress(value, baseline, target, direction, range_low, range_high)
                if p is not None:
                    points.append((_days(date), p))
    points.append((_days(target_date), 1.0))
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return clamp01(float(np.interp(_days(as_of), xs, ys)))


def status_for(
    progress: float | None,
    expected: float | None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> str:
    """Status from actual and expected progress (see the module docstring)."""
    if progress is None:
        return NOT_STARTED if not expected or expected <= EPS else NO_DATA
    if progress >= 1 - EPS:
        return ACHIEVED
    if expected is None or expected <= EPS:
        return ON_TRACK
    ratio = progress / expected
    if ratio >= thresholds.on_track - EPS:
        return ON_TRACK
    if ratio >= thresholds.at_risk - EPS:
        return AT_RISK
    return OFF_TRACK


def evaluated_status(progress: float | None) -> str:
    """The status of a node of a closed plan, judged on its final progress (no expectation, no
    forecast): ``achieved`` at 1, ``partly_achieved`` from PARTLY_FROM, else ``not_achieved``;
    ``no_data`` without a value."""
    if progress is None:
        return NO_DATA
    if progress >= 1 - EPS:
        return ACHIEVED
    if progress >= PARTLY_FROM - EPS:
        return PARTLY_ACHIEVED
    return NOT_ACHIEVED


@dataclass(frozen=True)
class Child:
    """A child of a node in the roll-up: an indicator, initiative, action line or objective."""

    key: str
    label: str
    weight: float
    progress: float | None
    expected: float | None
    status: str = NO_DATA


@dataclass(frozen=True)
class Pull:
    """How much one child pulls its parent down.

    ``share`` is the child's normalised weight, ``gap`` its expected minus actual progress, and
    ``impact`` = share x gap: the points of progress the parent loses because of this child.
    """

    key: str
    label: str
    share: float
    gap: float
    impact: float
    status: str


@dataclass(frozen=True)
class Rollup:
    progress: float | None
    expected: float | None
    status: str
    pulls: list[Pull] = field(default_factory=list)  # biggest impact first
    without_data: list[str] = field(default_factory=list)  # labels of children with no data


def normalised_weights(weights: Sequence[float]) -> list[float]:
    """Weights scaled to add up to 1; all zero (or negative) -> equal weights."""
    clean = [max(float(w), 0.0) for w in weights]
    total = sum(clean)
    if not clean:
        return []
    if total <= EPS:
        return [1.0 / len(clean)] * len(clean)
    return [w / total for w in clean]


def rollup(
    children: Sequence[Child],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    max_pulls: int = 3,
) -> Rollup:
    """Weighted roll-up of children with data; weights normalised among them."""
    with_data = [c for c in children if c.progress is not None]
    without = [c.label for c in children if c.progress is None and c.status != NOT_STARTED]
    if not with_data:
        expected_values = [c.expected for c in children if c.expected is not None]
        expected = max(expected_values) if expected_values else None
        status = NO_DATA if without else NOT_STARTED
        return Rollup(None, expected, status, [], without)
    shares = normalised_weights([c.weight for c in with_data])
    progress = sum(s * (c.progress or 0.0) for s, c in zip(shares, with_data, strict=True))
    expected = sum(
        s * (c.expected if c.expected is not None else (c.progress or 0.0))
        for s, c in zip(shares, with_data, strict=True)
    )
    progress, expected = clamp01(progress), clamp01(expected)
    pulls = []
    for s, c in zip(shares, with_data, strict=True):
        exp = c.expected if c.expected is not None else (c.progress or 0.0)
        gap = exp - (c.progress or 0.0)
        impact = s * gap
        if impact > EPS:
            pulls.append(Pull(c.key, c.label, s, gap, impact, c.status))
    pulls.sort(key=lambda p: (-p.impact, p.key))
    return Rollup(
        progress, expected, status_for(progress, expected, thresholds), pulls[:max_pulls], without
    )


# --- Vectorised versions (benchmarks, batch recomputation) -------------------------------------

STATUS_CODES = np.array(STATUSES)


def progress_array(
    current: np.ndarray, baseline: np.ndarray, target: np.ndarray, direction_sign: np.ndarray
) -> np.ndarray:
    """indicator_progress for arrays (increase/decrease only); NaN where current is NaN.

    ``direction_sign`` is +1 for increase and -1 for decrease (used when target == baseline).
    """
    span = target - baseline
    flat = np.abs(span) < EPS
    safe = np.where(flat, 1.0, span)
    p = np.clip((current - baseline) / safe, 0.0, 1.0)
    met = np.where(direction_sign >= 0, current >= target, current <= target)
    p = np.where(flat, met.astype(float), p)
    return np.where(np.isnan(current), np.nan, p)


def expected_array(as_of: float, baseline_day: np.ndarray, target_day: np.ndarray) -> np.ndarray:
    """Straight-line expected progress for arrays of day numbers (no milestones)."""
    length = np.where(target_day > baseline_day, target_day - baseline_day, 1.0)
    return np.clip((as_of - baseline_day) / length, 0.0, 1.0)


def status_array(
    progress: np.ndarray, expected: np.ndarray, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> np.ndarray:
    """status_for for arrays: returns an array of status strings."""
    idx = np.full(progress.shape, STATUSES.index(OFF_TRACK))
    safe_expected = np.where(expected > EPS, expected, 1.0)
    ratio = progress / safe_expected
    idx = np.where(ratio >= thresholds.at_risk - EPS, STATUSES.index(AT_RISK), idx)
    idx = np.where(ratio >= thresholds.on_track - EPS, STATUSES.index(ON_TRACK), idx)
    idx = np.where(expected <= EPS, STATUSES.index(ON_TRACK), idx)
    idx = np.where(progress >= 1 - EPS, STATUSES.index(ACHIEVED), idx)
    missing = np.isnan(progress)
    idx = np.where(
        missing,
        np.where(expected > EPS, STATUSES.index(NO_DATA), STATUSES.index(NOT_STARTED)),
        idx,
    )
    codes: np.ndarray = STATUS_CODES[idx]
    return codes


# --- Series of an indicator --------------------------------------------------------------------

SUM = "sum"
MEAN = "mean"
SHARE = "share"


def aggregate(values: Sequence[float], aggregation: str) -> float | None:
    """Aggregate per-municipality values: sum, mean, or share (% of values > 0)."""
    if not values:
        return None
    if aggregation == MEAN:
        return float(sum(values)) / len(values)
    if aggregation == SHARE:
        return 100.0 * sum(1 for v in values if v > 0) / len(values)
    return float(sum(values))


def indicator_series(
    points: Sequence[tuple[dt.date, object | None, float]], aggregation: str = SUM
) -> list[tuple[dt.date, float]]:
    """The indicator's time series from its measurements ``(date, municipality, value)``.

    Measurements without a municipality are the indicator's own values and win when present.
    Otherwise, at each date where some municipality reported, the value is the aggregate of each
    municipality's latest value up to that date (see :func:`aggregate`).
    """
    totals = sorted((d, v) for d, m, v in points if m is None)
    if totals:
        return totals
    latest: dict[object, float] = {}
    series: list[tuple[dt.date, float]] = []
    ordered = sorted(points, key=lambda p: (p[0], str(p[1])))
    for i, (date, municipality, value) in enumerate(ordered):
        latest[municipality] = value
        if i + 1 < len(ordered) and ordered[i + 1][0] == date:
            continue  # the date's value is the aggregate once all its points are in
        agg = aggregate(list(latest.values()), aggregation)
        if agg is not None:
            series.append((date, agg))
    return series


def series_ends(
    points: Sequence[tuple[dt.date, object | None, float]], aggregation: str = SUM
) -> tuple[tuple[dt.date, float], tuple[dt.date, float]] | None:
    """The first and the last point of :func:`indicator_series` (None for an empty series),
    without building the series: one pass over the points instead of a sort and an aggregate
    at every date (what the plan tree needs: the current value and the value a missing
    baseline takes). The same floats as the series: per-municipality values are aggregated in
    the order :func:`indicator_series` adds them (``tests/strategy/test_progress.py``)."""
    first_total: tuple[dt.date, float] | None = None
    last_total: tuple[dt.date, float] | None = None
    # Per municipality: its first date, the value it has then, its latest date and value (on a
    # repeated date the later point wins, as in the series).
    first: dict[object, tuple[dt.date, float]] = {}
    latest: dict[object, tuple[dt.date, float]] = {}
    for date, municipality, value in points:
        if municipality is None:
            point = (date, value)
            if first_total is None or point < first_total:
                first_total = point
            if last_total is None or point > last_total:
                last_total = point
        elif first_total is None:
            seen = first.get(municipality)
            if seen is None or date <= seen[0]:
                first[municipality] = (date, value)
            seen = latest.get(municipality)
            if seen is None or date >= seen[0]:
                latest[municipality] = (date, value)
    if first_total is not None and last_total is not None:
        return first_total, last_total
    if not first:
        return None
    # The series adds municipalities in the order of their first point (date, then the text
    # of the municipality), and its first point aggregates those of the first date.
    order = sorted(first, key=lambda m: (first[m][0], str(m)))
    start = first[order[0]][0]
    opening = [first[m][1] for m in order if first[m][0] == start]
    end = max(d for d, _ in latest.values())
    head = aggregate(opening, aggregation)
    tail = aggregate([latest[m][1] for m in order], aggregation)
    assert head is not None and tail is not None  # noqa: S101 - both lists are non-empty
    return (start, head), (end, tail)
