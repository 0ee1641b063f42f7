"""Progress, expected progress, status and roll-up (pure functions)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localret.strategy import progress as pg

D = dt.date


def test_progress_is_the_share_of_the_way_from_baseline_to_target() -> None:
    assert pg.indicator_progress(25, 0, 100) == pytest.approx(0.25)
    assert pg.indicator_progress(150, 0, 100) == 1.0
    assert pg.indicator_progress(-5, 0, 100) == 0.0


def test_decreasing_indicator_is_mirrored() -> None:
    assert pg.indicator_progress(30, 36, 12, "decrease") == pytest.approx(0.25)
    assert pg.indicator_progress(40, 36, 12, "decrease") == 0.0


def test_range_indicator_full_inside_partial_outside() -> None:
    assert pg.indicator_progress(8, 6, 7.5, "range", 7.5, 9) == pytest.approx(1.0)
    # Baseline 6 is 1.5 below the range; 7.0 is 0.5 below: two thirds of the way closed.
    assert pg.indicator_progress(7.0, 6, None, "range", 7.5, 9) == pytest.approx(2 / 3)
    assert pg.indicator_progress(5, 8, None, "range", 7.5, 9) == 0.0


def test_no_value_no_progress_and_flat_target() -> None:
    assert pg.indicator_progress(None, 0, 100) is None
    assert pg.indicator_progress(10, None, 100) is None
    assert pg.indicator_progress(10, 10, 10) == 1.0
    assert pg.indicator_progress(9, 10, 10) == 0.0


def test_expected_progress_straight_line() -> None:
    assert pg.expected_progress(D(2021, 1, 1), D(2020, 1, 1), D(2022, 1, 1)) == pytest.approx(
        366 / 731
    )
    assert pg.expected_progress(D(2019, 1, 1), D(2020, 1, 1), D(2022, 1, 1)) == 0.0
    assert pg.expected_progress(D(2023, 1, 1), D(2020, 1, 1), D(2022, 1, 1)) == 1.0
    assert pg.expected_progress(D(2023, 1, 1), D(2020, 1, 1), None) is None


def test_expected_progress_follows_milestones() -> None:
    # Milestone: 20 of 100 at mid-period: expected at mid-period is 0.2, not 0.5.
    mid = D(2021, 1, 1)
    e = pg.expected_progress(
        mid, D(2020, 1, 1), D(2022, 1, 1), [(mid, 20.0)], baseline=0, target=100
    )
    assert e == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("progress", "expected", "status"),
    [
        (1.0, 0.5, "achieved"),
        (0.45, 0.5, "on_track"),
        (0.4, 0.5, "at_risk"),
        (0.3, 0.5, "off_track"),
        (None, 0.5, "no_data"),
        (None, 0.0, "not_started"),
        (0.0, 0.0, "on_track"),
    ],
)
def test_status_from_ratio_with_default_thresholds(progress, expected, status) -> None:  # type: ignore[no-untyped-def]
    assert pg.status_for(progress, expected) == status


def test_thresholds_per_plan_change_the_status() -> None:
    strict = pg.Thresholds(on_track=0.95, at_risk=0.9)
    assert pg.status_for(0.45, 0.5) == "on_track"
    assert pg.status_for(0.45, 0.5, strict) == "at_risk"
    with pytest.raises(ValueError):
        pg.Thresholds(on_track=0.5, at_risk=0.7)


def test_rollup_normalises_weights_and_explains() -> None:
    children = [
        pg.Child("a", "A", 2, 0.2, 0.5, "off_track"),
        pg.Child("b", "B", 6, 0.5, 0.5, "on_track"),
        pg.Child("c", "C", 1, None, 0.5, "no_data"),
    ]
    r = pg.rollup(children)
    assert r.progress == pytest.approx((2 * 0.2 + 6 * 0.5) / 8)
    assert r.expected == pytest.approx(0.5)
    assert [p.key for p in r.pulls] == ["a"]
    assert r.pulls[0].impact == pytest.approx(0.25 * 0.3)
    assert r.without_data == ["C"]


def test_rollup_all_zero_weights_are_equal_and_empty_is_not_started() -> None:
    r = pg.rollup([pg.Child("a", "A", 0, 0.2, 0.4), pg.Child("b", "B", 0, 0.6, 0.4)])
    assert r.progress == pytest.approx(0.4)
    assert pg.rollup([]).status == "not_started"
    assert pg.rollup([pg.Child("a", "A", 1, None, 0.3, "no_data")]).status == "no_data"


weights = st.lists(st.floats(0.01, 100), min_size=1, max_size=8)


@given(weights, st.floats(0.01, 100))
def test_rollup_is_invariant_to_scaling_weights(ws: list[float], k: float) -> None:
    children = [pg.Child(str(i), str(i), w, (i % 5) / 5, 0.5) for i, w in enumerate(ws)]
    scaled = [pg.Child(c.key, c.label, c.weight * k, c.progress, c.expected) for c in children]
    assert pg.rollup(children).progress == pytest.approx(pg.rollup(scaled).progress)


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_progress_is_always_within_0_and_1(current: float, baseline: float, target: float) -> None:
    p = pg.indicator_progress(current, baseline, target)
    assert p is not None and 0.0 <= p <= 1.0


def test_vectorised_versions_match_the_scalar_ones() -> None:
    rng = np.random.default_rng(1)
    current = rng.uniform(-50, 150, 200)
    current[::17] = np.nan
    baseline = np.zeros(200)
    target = np.where(np.arange(200) % 2 == 0, 100.0, -100.0)
    sign = np.sign(target)
    p = pg.progress_array(current, baseline, target, sign)
    expected = pg.expected_array(500.0, np.zeros(200), np.full(200, 1000.0))
    statuses = pg.status_array(p, expected)
    for i in range(200):
        c = None if np.isnan(current[i]) else float(current[i])
        d = "increase" if sign[i] > 0 else "decrease"
        scalar = pg.indicator_progress(c, 0.0, float(target[i]), d)
        if scalar is None:
            assert np.isnan(p[i])
        else:
            assert p[i] == pytest.approx(scalar)
        assert statuses[i] == pg.status_for(scalar, 0.5)


def test_series_aggregates_municipalities_latest_values() -> None:
    pts = [
        (D(2024, 3, 31), "A", 10.0),
        (D(2024, 3, 31), "B", 0.0),
        (D(2024, 6, 30), "B", 4.0),
    ]
    assert pg.indicator_series(pts, "sum") == [(D(2024, 3, 31), 10.0), (D(2024, 6, 30), 14.0)]
    assert pg.indicator_series(pts, "mean")[-1] == (D(2024, 6, 30), 7.0)
    assert pg.indicator_series(pts, "share") == [(D(2024, 3, 31), 50.0), (D(2024, 6, 30), 100.0)]
    # Totals (no municipality) win over the breakdown.
    assert pg.indicator_series([*pts, (D(2024, 6, 30), None, 99.0)]) == [(D(2024, 6, 30), 99.0)]


# The plan tree reads only the ends of each series (series_ends); they must be the series' own
# first and last points, to the last bit: per-municipality values are summed in the same order.
_point = st.tuples(
    st.dates(D(2024, 1, 1), D(2024, 3, 31)),
    st.one_of(st.none(), st.integers(1, 14)),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3)),
)


@given(st.lists(_point, max_size=60), st.sampled_from([pg.SUM, pg.MEAN, pg.SHARE]))
def test_series_ends_are_the_first_and_last_points_of_the_series(points, aggregation) -> None:  # type: ignore[no-untyped-def]
    series = pg.indicator_series(points, aggregation)
    ends = pg.series_ends(points, aggregation)
    assert ends == ((series[0], series[-1]) if series else None)


@given(
    st.lists(
        st.tuples(st.dates(D(2024, 1, 1), D(2024, 12, 31)), st.integers(1, 947)),
        min_size=1,
        max_size=80,
        unique=True,
    ),
    st.floats(0.1, 1e5),
)
def test_series_ends_sum_municipalities_in_the_series_order(keys, scale) -> None:  # type: ignore[no-untyped-def]
    """Many municipalities with values of very different sizes: a sum in another order would
    differ in its last bits."""
    points = [(d, m, scale / (1 + i) + 1e-7 * m) for i, (d, m) in enumerate(keys)]
    series = pg.indicator_series(points, pg.SUM)
    assert pg.series_ends(points, pg.SUM) == (series[0], series[-1])
    assert pg.series_ends(list(reversed(points)), pg.SUM) == (series[0], series[-1])
