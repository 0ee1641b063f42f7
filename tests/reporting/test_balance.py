import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localret.reporting import balance


def test_equal_distribution_is_zero():
    assert balance.theil([1, 2, 3], [10, 20, 30]) == pytest.approx(0)
    assert balance.gini([1, 2, 3], [10, 20, 30]) == pytest.approx(0)


def test_all_to_one_region_is_the_maximum():
    n = 5
    assert balance.theil([0, 0, 7, 0, 0], [1] * n) == pytest.approx(math.log(n))
    assert balance.gini([0, 0, 7, 0, 0], [1] * n) == pytest.approx(1 - 1 / n)
    assert balance.theil_max([1] * n) == pytest.approx(math.log(n))


def test_known_value():
    # two equal regions, 3/4 of the effort to one: 0.75 ln 1.5 + 0.25 ln 0.5
    expected = 0.75 * math.log(1.5) + 0.25 * math.log(0.5)
    assert balance.theil([3, 1], [1, 1]) == pytest.approx(expected)
    assert balance.gini([3, 1], [1, 1]) == pytest.approx(0.25)


@given(
    st.lists(st.tuples(st.floats(0, 1e6), st.floats(1, 1e6)), min_size=2, max_size=30).filter(
        lambda xs: sum(e for e, _ in xs) > 0
    )
)
def test_indices_bounded(pairs):
    effort = [e for e, _ in pairs]
    ref = [r for _, r in pairs]
    t = balance.theil(effort, ref)
    assert -1e-9 <= t <= balance.theil_max(ref) + 1e-9
    assert 0 <= balance.gini(effort, ref) <= 1


@given(st.lists(st.floats(0.1, 100), min_size=2, max_size=12), st.data())
def test_decomposition_adds_up(effort, data):
    ref = data.draw(st.lists(st.floats(0.1, 100), min_size=len(effort), max_size=len(effort)))
    groups = data.draw(st.lists(st.sampled_from("abc"), min_size=len(effort), max_size=len(effort)))
    d = balance.theil_decomposition(effort, ref, groups)
    assert d.between + d.within == pytest.approx(d.total, abs=1e-9)


def test_bad_input():
    with pytest.raises(balance.BalanceError):
        balance.theil([0, 0], [1, 1])
    with pytest.raises(balance.BalanceError):
        balance.theil([1, 1], [1, 0])
    with pytest.raises(balance.BalanceError):
        balance.theil([1], [1, 2])


def test_combine_components_weights_each_equally():
    combined = balance.combine_components(
        {"projects": {"a": 2, "b": 2}, "euros": {"a": 1000, "b": 0}, "pilots": {}}
    )
    assert combined == pytest.approx({"a": 0.75, "b": 0.25})
