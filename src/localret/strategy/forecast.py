"""Forecast of an indicator to its target date (pure: NumPy, no Django).

Method (see docs/progress.md):

1. **Trend**: Theil-Sen estimator. The slope is the median of the slopes between every pair of
   measurements (x in days since the first one), the intercept the median of ``y - slope * x``.
   It is robust: up to ~29% of outliers do not move it.
2. **Projection**: the trend evaluated at the target date.
3. **Prediction interval** (90 % by default) from the residuals around the trend:
   ``s = sqrt(sum(r^2) / (n - 2))`` and the usual regression widening
   ``s * sqrt(1 + 1/n + (x* - mean(x))^2 / Sxx)``, times the normal quantile.
4. **Probability of reaching the target**, assuming the residuals are normal around the trend:
   ``P(Y >= target)`` for increasing indicators, ``P(Y <= target)`` for decreasing ones, and
   ``P(low <= Y <= high)`` for ranges. With no spread at all, it is 1 or 0.
5. **Cumulative** indicators never move against their direction (running totals): the projection
   and the interval never fall behind the latest value, and a target already met is certain
   (probability 1).

With fewer than three measurement dates the answer is "insufficient data".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

MIN_POINTS = 3
INSUFFICIENT = "insufficient data"
NO_TARGET_DATE = "no target date"
Z = {0.8: 1.2815515655446004, 0.9: 1.6448536269514722, 0.95: 1.959963984540054}


@dataclass(frozen=True)
class Forecast:
    value_at_target_date: float | None
    low: float | None
    high: float | None
    probability_of_target: float | None
    reason: str | None = None
    slope_per_day: float | None = None
    intercept: float | None = None  # value at ``origin``
    origin: dt.date | None = None
    n: int = 0
    level: float = 0.9

    @property
    def ok(self) -> bool:
        return self.reason is None


def normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


_erf = np.frompyfunc(math.erf, 1, 1)


def normal_cdf_array(z: np.ndarray) -> np.ndarray:
    erf = np.asarray(_erf(np.asarray(z, dtype=float) / math.sqrt(2.0)), dtype=float)
    return 0.5 * (1.0 + erf)


@lru_cache(maxsize=128)
def _pair_indices(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, 1)


def _median(values: np.ndarray) -> float:
    """Median of a 1-D array (``np.median`` without its generic overhead: an in-place
    partition of a copy; this runs once or twice per indicator)."""
    k = values.size
    half = k // 2
    if k % 2:
        return float(np.partition(values, half)[half])
    part = np.partition(values, (half - 1, half))
    return float((part[half - 1] + part[half]) / 2)


#: Up to this many points the slope is the median over every pair (at most 79,800 pairs);
#: beyond, over :data:`SAMPLED_PAIRS` pairs drawn with a seed fixed by the series' length, so
#: the same series always gives the same forecast. Every pair of 10,000 daily measurements
#: would be 50 million slopes (15 s and 800 MB for one indicator of the Board report).
EXACT_MAX_POINTS = 400
SAMPLED_PAIRS = 100_000


def theil_sen(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Theil-Sen slope and intercept of points with distinct x: the median slope over every
    pair of points, or over a fixed sample of pairs for long series (see
    :data:`EXACT_MAX_POINTS`; the sample's median is within a fraction of a percent of the
    full one, far inside the forecast's interval)."""
    n = len(x)
    if n <= EXACT_MAX_POINTS:
        i, j = _pair_indices(n)
    else:
        rng = np.random.default_rng(n)
        a = rng.integers(0, n, SAMPLED_PAIRS)
        b = rng.integers(0, n, SAMPLED_PAIRS)
        distinct = a != b
        i, j = a[distinct], b[distinct]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    slope = _median(slopes)
    intercept = _median(y - slope * x)
    return slope, intercept


def _probability(
    value: float,
    spread: float,
    direction: str,
    target: float | None,
    low: float | None,
    high: float | None,
) -> float | None:
    if direction == "range":
        if low is None or high is None:
            return None
        if spread <= 1e-12:
            return 1.0 if low <= value <= high else 0.0
        return max(0.0, normal_cdf((high - value) / spread) - normal_cdf((low - value) / spread))
    if target is None:
        return None
    if spread <= 1e-12 * max(1.0, abs(value), abs(target)):
        met = value >= target - 1e-9 if direction == "increase" else value <= target + 1e-9
        return 1.0 if met else 0.0
    z = (value - target) / spread
    return normal_cdf(z) if direction == "increase" else normal_cdf(-z)


def forecast(
    dates: Sequence[dt.date],
    values: Sequence[float],
    target_date: dt.date | None,
    target_value: float | None,
    direction: str = "increase",
    *,
    range_low: float | None = None,
    range_high: float | None = None,
    cumulative: bool = False,
    level: float = 0.9,
) -> Forecast:
    """Project an indicator's series to its target date (see the module docstring)."""
    if target_date is None:
        return Forecast(None, None, None, None, reason=NO_TARGET_DATE, level=level)
    if len(dates) != len(values):
        raise ValueError("dates and values differ in length")
    if len(set(dates)) == len(dates):  # the usual case: one value a date
        points = sorted(zip(dates, map(float, values), strict=True))
    else:  # several values on one date: their mean
        by_date: dict[dt.date, list[float]] = {}
        for d, v in zip(dates, values, strict=True):
            by_date.setdefault(d, []).append(float(v))
        points = sorted((d, sum(vs) / len(vs)) for d, vs in by_date.items())
    n = len(points)
    if n < MIN_POINTS:
        return Forecast(None, None, None, None, reason=INSUFFICIENT, n=n, level=level)
    origin = points[0][0]
    x = np.array([(d - origin).days for d, _ in points], dtype=float)
    y = np.array([v for _, v in points], dtype=float)
    slope, intercept = theil_sen(x, y)
    x_star = float((target_date - origin).days)
    value = intercept + slope * x_star
    residuals = y - (intercept + slope * x)
    s = math.sqrt(float(residuals @ residuals) / (n - 2))
    x_mean = float(x.sum()) / n
    centred = x - x_mean
    sxx = float(centred @ centred)
    spread = s * math.sqrt(1 + 1 / n + (x_star - x_mean) ** 2 / sxx)
    z = Z.get(level) or Z[0.9]
    low, high = value - z * spread, value + z * spread
    last = float(y[-1])
    if cumulative and direction in ("increase", "decrease"):
        sign = 1.0 if direction == "increase" else -1.0
        # Never behind the latest value.
        value = sign * max(sign * value, sign * last)
        low, high = (
            (max(low, last), max(high, last)) if sign > 0 else (min(low, last), min(high, last))
        )
        met = target_value is not None and sign * (last - target_value) >= 0
        if target_value is not None and met:
            return Forecast(value, low, high, 1.0, None, slope, intercept, origin, n, level)
    probability = _probability(value, spread, direction, target_value, range_low, range_high)
    return Forecast(value, low, high, probability, None, slope, intercept, origin, n, level)


def settled(f: Forecast, *, achieved: bool, past_target_date: bool, met: bool) -> Forecast:
    """The forecast made to agree with the status: a target already achieved has probability
    1, and an indicator past its target date (or of a closed plan) is judged on its last value
    (``met``: 1 or 0), not on a projection."""
    if f.probability_of_target is None and not f.ok:
        return f
    if achieved:
        return replace(f, probability_of_target=1.0)
    if past_target_date:
        return replace(f, probability_of_target=1.0 if met else 0.0)
    return f


def forecast_batch(
    x: np.ndarray,
    y: np.ndarray,
    target_x: np.ndarray,
    target_value: np.ndarray,
    direction_sign: np.ndarray,
    level: float = 0.9,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised forecast of many series of equal length with distinct, increasing x.

    Arrays: x, y (N, n); target_x, target_value, direction_sign (+1 increase, -1 decrease) (N,).
    Returns (value, low, high, probability), each (N,). Same method as :func:`forecast`
    (without the cumulative rule).
    """
    n = x.shape[1]
    slope = _pairwise_median_slope(x, y)
    intercept = np.median(y - slope[:, None] * x, axis=1)
    value = intercept + slope * target_x
    residuals = y - (intercept[:, None] + slope[:, None] * x)
    s = np.sqrt(np.sum(residuals**2, axis=1) / (n - 2))
    xbar = x.mean(axis=1)
    sxx = np.sum((x - xbar[:, None]) ** 2, axis=1)
    spread = s * np.sqrt(1 + 1 / n + (target_x - xbar) ** 2 / sxx)
    z = Z.get(level) or Z[0.9]
    safe = np.where(spread > 1e-12, spread, 1.0)
    zscore = direction_sign * (value - target_value) / safe
    probability = normal_cdf_array(zscore)
    met = direction_sign * (value - target_value) >= -1e-9
    probability = np.where(spread > 1e-12, probability, met.astype(float))
    return value, value - z * spread, value + z * spread, probability


def _pairwise_median_slope(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Median of the slopes between every pair of points, row by row, without fancy indexing:
    the pairs at distance k are slices, written into one preallocated array, and the median is
    taken with an in-place partition."""
    rows, n = x.shape
    pairs = n * (n - 1) // 2
    out = np.empty((rows, pairs))
    shared = bool(np.all(x == x[:1]))
    pos = 0
    for k in range(1, n):
        width = n - k
        block = out[:, pos : pos + width]
        np.subtract(y[:, k:], y[:, :-k], out=block)
        if shared:
            block /= x[0, k:] - x[0, :-k]
        else:
            block /= x[:, k:] - x[:, :-k]
        pos += width
    half = pairs // 2
    if pairs % 2:
        out.partition(half, axis=1)
        return out[:, half].copy()
    out.partition([half - 1, half], axis=1)
    return (out[:, half - 1] + out[:, half]) / 2
