"""Pure scoring functions: worked examples and properties (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localret.maturity import scoring
from localret.maturity.default_model import DIMENSIONS
from localret.territory.bands import BAND_CODES

# A small model: 2 dimensions; indicators: check, self, ratio (dim 0), check only for the
# largest band, ratio (dim 1).
SPEC = scoring.ModelSpec.build(
    kinds=["check", "self", "ratio", "check", "ratio"],
    weights=[2, 1, 1, 1, 3],
    dimension_of=[0, 0, 0, 1, 1],
    bands_of=[None, None, None, ["50001+"], None],
    band_codes=BAND_CODES,
    dimension_weights=[1, 1],
)
BIG = BAND_CODES.index("50001+")


def test_worked_example():
    answers = np.array([[1, 2, 10, 1, 0], [0, 4, 20, 0, 5]], dtype=float)
    result = scoring.score(SPEC, answers, np.array([BIG, BIG]))
    # Row 0: check 100, self 50, ratio 10 among {10, 20}: (0 + 0.5)/2 = 25.
    # dim0 = (2*100 + 1*50 + 1*25) / 4 = 68.75; dim1 = (1*100 + 3*0) / 4 = 25 (ratio 0 -> 0).
    assert result.dimensions[0].tolist() == pytest.approx([68.75, 25.0])
    assert result.overall[0] == pytest.approx(46.875)
    assert result.levels[0] == 3
    assert result.gaps[0] == pytest.approx(60 - 46.875)
    # Row 1: check 0, self 100, ratio 20: 75; dim0 = (0 + 100 + 75)/4 = 43.75;
    # dim1: check 0, ratio 5 among {0, 5}: 75 -> (0 + 225)/4 = 56.25.
    assert result.dimensions[1].tolist() == pytest.approx([43.75, 56.25])
    assert result.overall[1] == pytest.approx(50.0)
    assert result.band_percentiles.tolist() == pytest.approx([25.0, 75.0])


def test_levels_cut_at_20_40_60_80_boundary_goes_up():
    overall = np.array([0, 19.99, 20, 39.9, 40, 60, 79.9, 80, 100])
    assert scoring.levels(overall).tolist() == [1, 1, 2, 2, 3, 4, 4, 5, 5]
    assert scoring.gap_of(100) is None
    assert scoring.gap_of(79.5) == pytest.approx(0.5)


def test_indicator_not_applicable_is_left_out_of_small_bands():
    small = BAND_CODES.index("1-500")
    a = np.array([[1, 4, 5, 0, 5]], dtype=float)
    b = np.array([[1, 4, 5, 1, 5]], dtype=float)
    assert (
        scoring.score(SPEC, a, np.array([small])).overall[0]
        == scoring.score(SPEC, b, np.array([small])).overall[0]
    )
    assert (
        scoring.score(SPEC, a, np.array([BIG])).overall[0]
        < scoring.score(SPEC, b, np.array([BIG])).overall[0]
    )


def test_dimension_without_applicable_indicator_is_dropped_and_weights_renormalised():
    spec = scoring.ModelSpec.build(
        kinds=["check", "check"],
        weights=[1, 1],
        dimension_of=[0, 1],
        bands_of=[None, ["50001+"]],
        band_codes=BAND_CODES,
        dimension_weights=[1, 3],
    )
    result = scoring.score(spec, np.array([[1.0, 0.0]]), np.array([0]))
    assert np.isnan(result.dimensions[0, 1])
    assert result.overall[0] == 100.0


def test_configurable_dimension_weights():
    spec = scoring.ModelSpec(
        kinds=SPEC.kinds,
        weights=SPEC.weights,
        dimension_of=SPEC.dimension_of,
        applicable=SPEC.applicable,
        dimension_weights=np.array([3.0, 1.0]),
    )
    answers = np.array([[1, 4, 1, 0, 0]], dtype=float)
    # dim0 = 100 (ratio alone in the pool: 50 -> (200+100+50)/4 = 87.5); dim1 = 0.
    assert scoring.score(spec, answers, np.array([BIG])).overall[0] == pytest.approx(87.5 * 0.75)


def test_roadmap_actions_ordered_by_impact_per_effort():
    norm = np.array([0.0, 50.0, 100.0, 0.0, 90.0])
    actions = scoring.roadmap_actions(SPEC, norm, 0, efforts=[2, 1, 1, 1, 3])
    # Band 0: indicator 3 does not apply; indicator 2 has no gap.
    assert [a.indicator for a in actions] == [0, 1, 4]
    assert actions[0].impact == 200.0
    assert [a.priority for a in actions] == [1, 2, 3]


def test_roadmap_progress_is_share_of_agreed_items_done():
    assert scoring.roadmap_progress(["proposed", "discarded"]) is None
    assert scoring.roadmap_progress(["agreed", "done", "done", "proposed"]) == pytest.approx(2 / 3)


def test_quartiles_and_percentile():
    assert scoring.quartiles([]) is None
    assert scoring.quartiles([1, 2, 3, 4, 5]) == (2.0, 3.0, 4.0)
    assert scoring.percentile_of(3, [1, 2, 3, 4]) == pytest.approx(62.5)


def test_default_model_has_six_dimensions_and_about_40_indicators():
    assert len(DIMENSIONS) == 6
    assert 38 <= sum(len(d["indicators"]) for d in DIMENSIONS) <= 45


# --- Properties --------------------------------------------------------------------------

N_IND = SPEC.n_indicators


def _answer_value(kind: int) -> st.SearchStrategy[float]:
    if kind == scoring.CHECK:
        return st.sampled_from([0.0, 1.0, float("nan")])
    if kind == scoring.SELF:
        return st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.0, float("nan")])
    return st.floats(min_value=0, max_value=1e6, allow_nan=False)


row_strategy = st.tuples(*[_answer_value(int(k)) for k in SPEC.kinds])
matrices = st.lists(row_strategy, min_size=1, max_size=12)
band_lists = st.lists(
    st.integers(min_value=0, max_value=len(BAND_CODES) - 1), min_size=12, max_size=12
)


@settings(max_examples=150, deadline=None)
@given(rows=matrices, bands=band_lists)
def test_scores_stay_in_range(rows, bands):
    answers = np.array(rows, dtype=float)
    b = np.array(bands[: len(rows)])
    result = scoring.score(SPEC, answers, b)
    assert np.all((result.overall >= 0) & (result.overall <= 100))
    dims = result.dimensions[~np.isnan(result.dimensions)]
    assert np.all((dims >= 0) & (dims <= 100))
    assert np.all((result.levels >= 1) & (result.levels <= 5))
    assert np.all((result.band_percentiles > 0) & (result.band_percentiles <= 100))


@settings(max_examples=200, deadline=None)
@given(rows=matrices, bands=band_lists, data=st.data())
def test_raising_one_answer_never_lowers_a_score(rows, bands, data):
    answers = np.array(rows, dtype=float)
    b = np.array(bands[: len(rows)])
    who = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    j = data.draw(st.integers(min_value=0, max_value=N_IND - 1))
    before = scoring.score(SPEC, answers, b)
    raised = answers.copy()
    current = 0.0 if np.isnan(raised[who, j]) else raised[who, j]
    kind = SPEC.kinds[j]
    if kind == scoring.CHECK:
        raised[who, j] = 1.0
    elif kind == scoring.SELF:
        raised[who, j] = min(4.0, current + data.draw(st.integers(0, 4)))
    else:
        raised[who, j] = current + data.draw(st.floats(min_value=0, max_value=1e5))
    after = scoring.score(SPEC, raised, b)
    eps = 1e-9
    assert after.overall[who] >= before.overall[who] - eps
    assert after.normalised[who, j] >= before.normalised[who, j] - eps
    both = ~np.isnan(before.dimensions[who])
    assert np.all(after.dimensions[who][both] >= before.dimensions[who][both] - eps)


@settings(max_examples=150, deadline=None)
@given(rows=matrices, data=st.data())
def test_non_applicable_indicator_never_changes_that_bands_scores(rows, data):
    answers = np.array(rows, dtype=float)
    small = np.zeros(len(rows), dtype=int)  # every row in band 1-500: indicator 3 does not apply
    changed = answers.copy()
    changed[:, 3] = data.draw(
        st.lists(st.sampled_from([0.0, 1.0, float("nan")]), min_size=len(rows), max_size=len(rows))
    )
    a = scoring.score(SPEC, answers, small)
    c = scoring.score(SPEC, changed, small)
    np.testing.assert_array_equal(a.overall, c.overall)
    np.testing.assert_array_equal(a.dimensions, c.dimensions)
    np.testing.assert_array_equal(a.band_percentiles, c.band_percentiles)
