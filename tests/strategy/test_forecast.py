"""Forecast: Theil-Sen trend, prediction interval, probability of reaching the target."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from localret.strategy import forecast as fc

START = dt.date(2024, 1, 31)


def dates(n: int, step: int = 30) -> list[dt.date]:
    return [START + dt.timedelta(days=step * i) for i in range(n)]


def test_fewer_than_three_measurements_is_insufficient_data() -> None:
    f = fc.forecast(dates(2), [1, 2], dt.date(2027, 1, 1), 10)
    assert not f.ok and f.reason == fc.INSUFFICIENT and f.value_at_target_date is None


def test_robust_to_one_outlier() -> None:
    values = [float(i) for i in range(10)]
    values[4] = 500.0
    f = fc.forecast(dates(10), values, START + dt.timedelta(days=30 * 19), 100)
    assert f.value_at_target_date == pytest.approx(19.0, abs=0.5)


def test_probability_is_about_half_when_the_trend_hits_the_target() -> None:
    rng = np.random.default_rng(3)
    d = dates(24)
    values = [i + rng.normal(0, 1) for i in range(24)]
    target_date = START + dt.timedelta(days=30 * 40)
    f = fc.forecast(d, values, target_date, 40)
    assert f.low < f.value_at_target_date < f.high
    assert 0.2 < f.probability_of_target < 0.8


linear = st.tuples(
    st.integers(3, 30),
    st.floats(-1000, 1000),
    st.floats(-50, 50),
    st.integers(1, 2000),
)


@given(linear, st.floats(-1e4, 1e4))
def test_an_exactly_linear_series_forecasts_its_own_line(params, target: float) -> None:  # type: ignore[no-untyped-def]
    n, intercept, slope_per_month, horizon = params
    d = dates(n)
    values = [intercept + slope_per_month * i for i in range(n)]
    target_date = d[-1] + dt.timedelta(days=horizon)
    f = fc.forecast(d, values, target_date, target)
    line = intercept + slope_per_month / 30 * (target_date - START).days
    tol = 1e-6 * max(1.0, abs(line), abs(slope_per_month) * horizon)
    assert f.value_at_target_date == pytest.approx(line, abs=tol)
    assert f.high - f.low == pytest.approx(0.0, abs=tol)


@given(
    st.lists(st.floats(0, 100), min_size=3, max_size=30),
    st.floats(-1000, 1000),
    st.integers(1, 1500),
)
def test_a_met_target_that_cannot_be_lost_has_probability_one(
    steps: list[float], start: float, horizon: int
) -> None:
    values = list(np.cumsum([start, *steps]))  # never goes down
    target = values[-1] - 1.0  # already met
    d = dates(len(values))
    f = fc.forecast(
        d, values, d[-1] + dt.timedelta(days=horizon), target, "increase", cumulative=True
    )
    assert f.probability_of_target == 1.0
    mirrored = fc.forecast(
        d,
        [-v for v in values],
        d[-1] + dt.timedelta(days=horizon),
        -target,
        "decrease",
        cumulative=True,
    )
    assert mirrored.probability_of_target == 1.0


@settings(max_examples=60)
@given(
    st.lists(st.floats(-1000, 1000), min_size=3, max_size=25),
    st.floats(-2000, 2000),
    st.integers(1, 1500),
    st.booleans(),
)
def test_reversing_the_direction_mirrors_the_result(
    values: list[float], target: float, horizon: int, cumulative: bool
) -> None:
    if cumulative:
        values = sorted(values)
    d = dates(len(values))
    td = d[-1] + dt.timedelta(days=horizon)
    up = fc.forecast(d, values, td, target, "increase", cumulative=cumulative)
    down = fc.forecast(d, [-v for v in values], td, -target, "decrease", cumulative=cumulative)
    assume(up.ok)
    scale = max(1.0, *(abs(v) for v in values), abs(target))
    assert down.value_at_target_date == pytest.approx(-up.value_at_target_date, abs=1e-6 * scale)
    assert down.low == pytest.approx(-up.high, abs=1e-6 * scale)
    assert down.high == pytest.approx(-up.low, abs=1e-6 * scale)
    assert down.probability_of_target == pytest.approx(up.probability_of_target, abs=1e-9)


def test_range_probability_and_batch_matches_scalar() -> None:
    rng = np.random.default_rng(5)
    n, m = 12, 40
    x = np.tile(np.arange(n, dtype=float) * 30, (m, 1))
    y = rng.normal(0, 2, (m, n)) + np.arange(n) * 0.5
    tx = np.full(m, 30.0 * 24)
    tv = np.full(m, 10.0)
    sign = np.where(np.arange(m) % 2 == 0, 1.0, -1.0)
    value, low, high, prob = fc.forecast_batch(x, y, tx, tv, sign)
    for i in range(m):
        d = [START + dt.timedelta(days=int(v)) for v in x[i]]
        f = fc.forecast(
            d,
            list(y[i]),
            START + dt.timedelta(days=int(tx[i])),
            10.0,
            "increase" if sign[i] > 0 else "decrease",
        )
        assert value[i] == pytest.approx(f.value_at_target_date)
        assert low[i] == pytest.approx(f.low) and high[i] == pytest.approx(f.high)
        assert prob[i] == pytest.approx(f.probability_of_target)
    r = fc.forecast(
        dates(5),
        [8, 8.1, 7.9, 8, 8.05],
        dt.date(2026, 1, 1),
        None,
        "range",
        range_low=7.5,
        range_high=9,
    )
    assert r.probability_of_target is not None and 0.6 < r.probability_of_target < 1
    far = fc.forecast(
        dates(5),
        [2, 2.1, 1.9, 2, 2.05],
        dt.date(2026, 1, 1),
        None,
        "range",
        range_low=7.5,
        range_high=9,
    )
    assert far.probability_of_target is not None and far.probability_of_target < 0.01


def test_the_worked_example_of_docs_progress() -> None:
    dates = [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30)]
    f = fc.forecast(dates, [15, 20, 25], dt.date(2027, 12, 31), 110, "increase")
    assert f.slope_per_day == pytest.approx(5 / 91.5)
    assert f.value_at_target_date == pytest.approx(89.86, abs=0.01)
    assert (round(f.low, 1), round(f.high, 1)) == (89.4, 90.3)
    assert f.probability_of_target == 0.0


def test_a_long_series_samples_pairs_deterministically_and_keeps_the_trend() -> None:
    # Ten thousand daily values (a series since 1990): every pair would be 50 million slopes.
    n = 10_000
    assert n > fc.EXACT_MAX_POINTS
    rng = np.random.default_rng(7)
    x = np.arange(n, dtype=float)
    y = 0.25 * x + 40 + rng.normal(0, 5, n)
    y[::50] += 500  # 2 % wild values
    slope, intercept = fc.theil_sen(x, y)
    assert slope == pytest.approx(0.25, rel=0.005)
    assert intercept == pytest.approx(40, abs=1)
    assert fc.theil_sen(x, y) == (slope, intercept)  # the same series, the same answer
    # At the threshold, every pair: the exact median slope.
    m = fc.EXACT_MAX_POINTS
    i, j = np.triu_indices(m, 1)
    exact = float(np.median((y[:m][j] - y[:m][i]) / (x[:m][j] - x[:m][i])))
    assert fc.theil_sen(x[:m], y[:m])[0] == pytest.approx(exact, rel=1e-12)
    start = dt.date(1990, 1, 1)
    dates = [start + dt.timedelta(days=k) for k in range(n)]
    result = fc.forecast(dates, list(y), start + dt.timedelta(days=n + 365), 3000.0)
    assert result.ok and result.n == n
    assert result.value_at_target_date == pytest.approx(0.25 * (n + 365) + 40, rel=0.01)
