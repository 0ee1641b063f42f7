"""The planner never exceeds the budget, never picks an excluded area, meets every balance rule,
is at least as good as greedy, and beats greedy where greedy is provably worse."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localret.connectivity.planner import (
    INFEASIBLE,
    OPTIMAL,
    PlanCandidate,
    PlanRules,
    budget_curve,
    greedy,
    priority_weight,
    region_floors,
    solve,
)


def C(i, hh, cost, region="R1", weight=1.0):  # noqa: N802
    return PlanCandidate(id=str(i), households=hh, cost=float(cost), region=region, weight=weight)


def brute_force(cands, rules):
    """Best objective by enumeration (small instances only)."""
    floors = region_floors(cands, rules)
    best = None
    for r in range(len(cands) + 1):
        for combo in itertools.combinations(cands, r):
            ids = {c.id for c in combo}
            if rules.must_include - ids or rules.must_exclude & ids:
                continue
            if sum(c.cost for c in combo) > rules.budget + 1e-6:
                continue
            spent = {}
            for c in combo:
                spent[c.region] = spent.get(c.region, 0) + c.cost
            if any(spent.get(reg, 0) < f - 1e-6 for reg, f in floors.items()):
                continue
            value = sum(c.weight * c.households for c in combo)
            if best is None or value > best:
                best = value
    return best


def check_rules(cands, rules, result):
    by_id = {c.id: c for c in cands}
    cost = sum(by_id[i].cost for i in result.selected)
    assert cost <= rules.budget + 1e-6
    assert not set(result.selected) & rules.must_exclude
    assert rules.must_include <= set(result.selected)
    for region, floor in region_floors(cands, rules).items():
        spent = sum(by_id[i].cost for i in result.selected if by_id[i].region == region)
        assert spent >= floor - 1e-6, region


def test_greedy_is_provably_worse_on_a_knapsack_trap():
    # Greedy takes the best ratio (A: 12 hh for 11 EUR) and then nothing else fits (10 EUR
    # left); the optimum takes B and C (2 x 10 hh for 2 x 10.5 EUR = 21 EUR <= 21).
    cands = [C("A", 12, 11), C("B", 10, 10.5), C("C", 10, 10.5)]
    rules = PlanRules(budget=21)
    g = greedy(cands, rules)
    assert g.selected == ["A"] and g.households == 12
    r = solve(cands, rules)
    assert r.status == OPTIMAL
    assert sorted(r.selected) == ["B", "C"] and r.households == 20
    assert r.households > r.greedy.households
    assert r.objective == brute_force(cands, rules)


def test_greedy_is_worse_under_a_balance_rule():
    # Region S must receive >= 0.5 x 100 x 0.5 = 25 EUR. Greedy meets it with its best ratio
    # area (S1, 30 EUR) and has 70 EUR left; the optimum meets it with S2 (26 EUR).
    cands = [
        C("S1", 40, 30, "S"),
        C("S2", 30, 26, "S"),
        C("N1", 50, 70, "N"),
        C("N2", 20, 74, "N"),
    ]
    # households per region: S 70, N 70 -> floors 25 each
    rules = PlanRules(budget=100, min_share=0.5)
    r = solve(cands, rules)
    check_rules(cands, rules, r)
    assert r.objective == brute_force(cands, rules)
    assert r.objective >= r.greedy.objective


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.lists(
        st.tuples(st.integers(0, 200), st.integers(1, 100), st.sampled_from(["N", "S", "E"])),
        min_size=1,
        max_size=9,
    ),
    budget_share=st.floats(0.05, 1.2),
    min_share=st.sampled_from([0.0, 0.3, 0.8, 1.0]),
    exclude_first=st.booleans(),
    include_last=st.booleans(),
)
def test_planner_properties(data, budget_share, min_share, exclude_first, include_last):
    cands = [
        C(i, hh, cost, reg, priority_weight("white" if i % 2 else "grey", i % 3 == 0))
        for i, (hh, cost, reg) in enumerate(data)
    ]
    budget = round(sum(c.cost for c in cands) * budget_share, 2)
    exclude = frozenset({"0"}) if exclude_first and len(cands) > 1 else frozenset()
    include = (
        frozenset({str(len(cands) - 1)})
        if include_last and str(len(cands) - 1) not in exclude
        else frozenset()
    )
    rules = PlanRules(
        budget=budget, min_share=min_share, must_include=include, must_exclude=exclude
    )
    r = solve(cands, rules, time_limit_s=5, mip_gap=0)
    best = brute_force(cands, rules)
    if best is None:
        assert r.status == INFEASIBLE and r.reason
        assert r.selected == []
        return
    assert r.status == OPTIMAL
    check_rules(cands, rules, r)
    assert r.objective == pytest.approx(best, rel=1e-9, abs=1e-6)
    if r.greedy.feasible:
        check_rules(cands, rules, r.greedy)
        assert r.objective >= r.greedy.objective - 1e-9


def test_infeasible_balance_names_the_region():
    # Region M's only area costs 500 but the budget is 100: M's minimum (0.5 x 100 x 0.5 = 25)
    # can never be met.
    cands = [C("M1", 50, 500, "Muntanya"), C("P1", 50, 10, "Pla")]
    r = solve(cands, PlanRules(budget=100, min_share=0.5))
    assert r.status == INFEASIBLE
    assert "Muntanya" in r.reason and "balance" in r.reason
    assert "Pla" not in r.reason


def test_infeasible_must_include_over_budget_is_named():
    cands = [C("A", 5, 80), C("B", 5, 80)]
    r = solve(cands, PlanRules(budget=100, must_include=frozenset({"A", "B"})))
    assert r.status == INFEASIBLE and "must-include" in r.reason


def test_conflict_between_rules_is_found_by_relaxing_one_at_a_time():
    # Alone each rule is feasible; together A (90 EUR, forced and needed by X's minimum of
    # 0.4 x 100 x 0.5 = 20) leaves 10 EUR for region Y, whose minimum is 20.
    cands = [C("A", 10, 90, "X"), C("B", 10, 20, "Y")]
    r = solve(cands, PlanRules(budget=100, min_share=0.4, must_include=frozenset({"A"})))
    assert r.status == INFEASIBLE
    assert "relaxing" in r.reason
    # Only relaxing Y's minimum helps: without must-include, X's minimum still needs A.
    assert "balance:Y" in r.reason and "must-include" not in r.reason


def test_include_and_exclude_same_area_is_infeasible():
    cands = [C("A", 10, 10)]
    r = solve(
        cands, PlanRules(budget=100, must_include=frozenset({"A"}), must_exclude=frozenset({"A"}))
    )
    assert r.status == INFEASIBLE and "A" in r.reason


def test_unknown_ids_and_bad_parameters_are_rejected():
    with pytest.raises(ValueError):
        solve([C("A", 1, 1)], PlanRules(budget=10, must_include=frozenset({"Z"})))
    with pytest.raises(ValueError):
        solve([C("A", 1, 1)], PlanRules(budget=-1))
    with pytest.raises(ValueError):
        solve([C("A", 1, 1)], PlanRules(budget=1, min_share=2))
    with pytest.raises(ValueError):
        solve([C("A", 1, 1), C("A", 2, 2)], PlanRules(budget=1))


def test_year_budgets_are_respected():
    cands = [C(i, 10, 10) for i in range(6)]
    r = solve(cands, PlanRules(budget=60, year_budgets=(20, 15)))
    by_year = {}
    for _cid, y in r.year_of.items():
        by_year[y] = by_year.get(y, 0) + 10
    assert by_year.get(0, 0) <= 20 and by_year.get(1, 0) <= 15
    assert r.households == 30  # 2 areas in year 1 and 1 in year 2


def test_weights_prefer_white_and_rural():
    assert (
        priority_weight("white", False)
        > priority_weight("grey", False)
        > priority_weight("black", False)
    )
    assert priority_weight("grey", True) > priority_weight("grey", False)
    cands = [C("W", 10, 10, weight=priority_weight("white", False)), C("G", 11, 10, weight=1.0)]
    assert solve(cands, PlanRules(budget=10)).selected == ["W"]


def test_budget_curve_is_monotone_and_never_below_greedy():
    cands = [C(i, (i * 37) % 50 + 1, (i * 53) % 40 + 5, "R" + str(i % 3)) for i in range(30)]
    points = budget_curve(cands, PlanRules(budget=300, min_share=0.3), time_limit_s=2)
    households = [p["households"] for p in points]
    assert households == sorted(households)
    assert all(p["households"] >= p["greedy_households"] for p in points)
