import pytest
from hypothesis import given
from hypothesis import strategies as st

from localret.connectivity import classification as c


@pytest.mark.parametrize(
    "networks,expected", [(0, "white"), (1, "grey"), (2, "black"), (5, "black")]
)
def test_nga_white_grey_black_by_number_of_30mbps_networks(networks, expected):
    assert c.nga_class(networks) == expected
    assert c.eu2023_class(networks) == expected


def test_negative_network_count_is_rejected():
    with pytest.raises(ValueError):
        c.class_for_networks(-1)


@pytest.mark.parametrize(
    "down,up,ok", [(1000, 150, True), (999, 1000, False), (1000, 149, False), (10000, 10000, True)]
)
def test_gigabit_target_needs_1gbps_down_and_150_up(down, up, ok):
    assert c.meets_gigabit(down, up) is ok


def test_thresholds_match_the_eu_2023_guidelines_and_nga():
    assert (c.GIGABIT_DOWN_MBPS, c.GIGABIT_UP_MBPS, c.NGA_DOWN_MBPS) == (1000, 150, 30)


def test_an_area_can_be_nga_black_and_eu_white():
    out = c.classify([{"area": "X", "networks_30": 3, "networks_gigabit": 0}])
    assert out["X"] == c.AreaClasses("X", eu2023="white", nga="black")


def test_changes_between_two_years_per_scheme():
    before = c.classify(
        [
            {"area": "A", "networks_30": 0, "networks_gigabit": 0},
            {"area": "B", "networks_30": 2, "networks_gigabit": 1},
            {"area": "GONE", "networks_30": 1, "networks_gigabit": 0},
        ]
    )
    after = c.classify(
        [
            {"area": "A", "networks_30": 1, "networks_gigabit": 1},
            {"area": "B", "networks_30": 2, "networks_gigabit": 1},
            {"area": "NEW", "networks_30": 0, "networks_gigabit": 0},
        ]
    )
    found = c.changes(before, after)
    assert c.ClassChange("A", "nga", "white", "grey") in found
    assert c.ClassChange("A", "eu2023", "white", "grey") in found
    assert not [x for x in found if x.area == "B"]
    assert c.ClassChange("GONE", "nga", "grey", None) in found
    assert c.ClassChange("NEW", "eu2023", None, "white") in found
    assert c.transition_counts(found, "nga")[("white", "grey")] == 1


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=30))
def test_class_counts_add_up_and_more_networks_never_lower_the_class(pairs):
    rows = [
        {"area": str(i), "networks_30": a, "networks_gigabit": b} for i, (a, b) in enumerate(pairs)
    ]
    classes = c.classify(rows)
    for scheme in c.SCHEMES:
        assert sum(c.class_counts(classes.values(), scheme).values()) == len(pairs)
    order = {"white": 0, "grey": 1, "black": 2}
    for a, _ in pairs:
        assert order[c.nga_class(a)] <= order[c.nga_class(a + 1)]


def test_no_change_when_years_are_equal():
    rows = c.classify([{"area": "A", "networks_30": 1, "networks_gigabit": 0}])
    assert c.changes(rows, rows) == []
