"""The MILP model built for HiGHS, its LP-rounding start and the infeasibility analysis
(which rule makes a scenario infeasible). Pure (no Django)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .core import (
    COST_SCALE,
    EPS,
    PlanCandidate,
    PlanRules,
    Selection,
    _summary,
    _years,
    region_floors,
)


@dataclass
class _Model:
    highs: object
    n: int
    ny: int
    kept: list[int]  # candidate index of each column block


def _build(
    candidates: Sequence[PlanCandidate],
    rules: PlanRules,
    *,
    use_balance: Iterable[str] | None = None,
    use_include: bool = True,
    use_years: bool = True,
    objective: bool = True,
) -> _Model:
    import highspy

    h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy ships no annotations
    h.setOptionValue("output_flag", False)
    years = _years(rules) if use_years else [rules.budget]
    ny = len(years)
    # Drop excluded areas and areas that cannot fit (tighter model, fewer columns); a
    # must-include area is kept even when it does not fit, so the model says it is infeasible.
    budget_cap = min(rules.budget, max(years))
    kept = [
        i
        for i, c in enumerate(candidates)
        if c.id not in rules.must_exclude
        and (c.cost <= budget_cap + EPS or (use_include and c.id in rules.must_include))
    ]
    n = len(kept)
    ncols = n * ny
    costs = np.array([candidates[i].cost / COST_SCALE for i in kept], dtype=np.float64)
    values = np.array(
        [candidates[i].weight * candidates[i].households for i in kept], dtype=np.float64
    )
    obj = np.tile(values if objective else np.zeros(n), ny)
    lower = np.zeros(ncols)
    upper = np.ones(ncols)
    h.addCols(
        ncols, obj, lower, upper, 0, np.array([], np.int32), np.array([], np.int32), np.array([])
    )
    h.changeColsIntegrality(
        ncols,
        np.arange(ncols, dtype=np.int32),
        np.full(ncols, highspy.HighsVarType.kInteger, dtype=np.uint8),
    )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    inf = highspy.kHighsInf

    def add_row(lo: float, hi: float, idx: np.ndarray, val: np.ndarray) -> None:
        h.addRow(lo, hi, len(idx), idx.astype(np.int32), val.astype(np.float64))

    cols_all = np.arange(ncols, dtype=np.int32)
    add_row(-inf, rules.budget / COST_SCALE, cols_all, np.tile(costs, ny))
    if ny > 1:
        for y, room in enumerate(years):
            add_row(-inf, room / COST_SCALE, np.arange(y * n, (y + 1) * n), costs)
        for k in range(n):
            add_row(-inf, 1.0, np.arange(k, ncols, n), np.ones(ny))
    include = {candidates[i].id for i in kept} & rules.must_include if use_include else set()
    for k, i in enumerate(kept):
        if candidates[i].id in include:
            if ny == 1:
                h.changeColBounds(k, 1.0, 1.0)
            else:
                add_row(1.0, 1.0, np.arange(k, ncols, n), np.ones(ny))
    floors = region_floors(candidates, rules)
    wanted = set(floors) if use_balance is None else set(use_balance)
    for region in sorted(wanted):
        members = np.array([k for k, i in enumerate(kept) if candidates[i].region == region])
        floor = floors[region] / COST_SCALE
        if members.size == 0:
            add_row(floor, inf, np.array([], np.int32), np.array([]))
            continue
        idx = np.concatenate([members + y * n for y in range(ny)])
        add_row(floor, inf, idx, np.tile(costs[members], ny))
    return _Model(highs=h, n=n, ny=ny, kept=kept)


def _lp_rounding(candidates: Sequence[PlanCandidate], rules: PlanRules) -> Selection:
    """A better start for HiGHS than greedy: solve the LP relaxation, keep the areas it selects
    whole, add the fractional areas a region needs for its minimum, drop the worst
    households-per-euro areas that no rule needs until the budget holds, then fill greedily.
    Single-year scenarios only (otherwise: not feasible, and greedy is the start)."""
    if rules.year_budgets and len(rules.year_budgets) > 1:
        return Selection(False, reason="several years")
    model = _build(candidates, rules)
    h = model.highs
    ncols = model.n * model.ny
    h.changeColsIntegrality(  # type: ignore[attr-defined]
        ncols, np.arange(ncols, dtype=np.int32), np.zeros(ncols, dtype=np.uint8)
    )
    h.setOptionValue("time_limit", 5.0)  # type: ignore[attr-defined]
    h.run()  # type: ignore[attr-defined]
    info = h.getInfo()  # type: ignore[attr-defined]
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        return Selection(False, reason="the relaxation has no solution")
    x = np.asarray(h.getSolution().col_value)  # type: ignore[attr-defined]
    kept = [candidates[i] for i in model.kept]
    chosen = {c.id for k, c in enumerate(kept) if x[k] > 1 - 1e-6} | set(rules.must_include)
    floors = region_floors(candidates, rules)
    spent: dict[str, float] = {}
    for c in kept:
        if c.id in chosen:
            spent[c.region] = spent.get(c.region, 0.0) + c.cost

    def ratio(c: PlanCandidate) -> float:
        return c.weight * c.households / c.cost if c.cost > 0 else float("inf")

    for region, floor in floors.items():
        extra = sorted(
            (k for k, c in enumerate(kept) if c.region == region and c.id not in chosen),
            key=lambda k: (-x[k], -ratio(kept[k])),
        )
        for k in extra:
            if spent.get(region, 0.0) >= floor - EPS:
                break
            chosen.add(kept[k].id)
            spent[region] = spent.get(region, 0.0) + kept[k].cost
        if spent.get(region, 0.0) < floor - EPS:
            return Selection(False, reason=f"cannot meet the balance rule of {region}")
    cost = sum(c.cost for c in kept if c.id in chosen)
    for c in sorted((c for c in kept if c.id in chosen), key=ratio):
        if cost <= rules.budget + EPS:
            break
        if c.id in rules.must_include:
            continue
        if c.region in floors and spent[c.region] - c.cost < floors[c.region] - EPS:
            continue
        chosen.discard(c.id)
        spent[c.region] -= c.cost
        cost -= c.cost
    if cost > rules.budget + EPS:
        return Selection(False, reason="cannot repair the relaxation within the budget")
    for c in sorted((c for c in kept if c.id not in chosen), key=lambda c: (-ratio(c), c.id)):
        if c.cost <= rules.budget - cost + EPS:
            chosen.add(c.id)
            cost += c.cost
    year_of = dict.fromkeys(chosen, 0)
    hh, total, obj = _summary(candidates, year_of)
    return Selection(
        True, selected=sorted(chosen), year_of=year_of, households=hh, cost=total, objective=obj
    )


def _is_feasible(candidates: Sequence[PlanCandidate], rules: PlanRules, **kwargs: object) -> bool:
    import highspy

    model = _build(candidates, rules, objective=False, **kwargs)  # type: ignore[arg-type]
    h = model.highs
    h.setOptionValue("time_limit", 10.0)  # type: ignore[attr-defined]
    h.setOptionValue("mip_rel_gap", 1.0)  # type: ignore[attr-defined]
    h.run()  # type: ignore[attr-defined]
    status = h.getModelStatus()  # type: ignore[attr-defined]
    return bool(status != highspy.HighsModelStatus.kInfeasible)


def _rule_name(rule: dict[str, Any]) -> str:
    if rule["rule"] == "balance":
        return f"balance:{rule['region']}"
    return "must-include" if rule["rule"] == "must_include" else "year budgets"


def explanation_text(explanation: dict[str, Any]) -> str:
    """The English sentence of an :func:`explain` answer (pages put it into the reader's
    language from the same figures)."""
    kind = explanation.get("kind", "")
    if kind == "both":
        return f"must-include and must-exclude both name {', '.join(explanation['areas'])}"
    if kind == "include_budget":
        return (
            f"must-include: the areas cost {explanation['cost']:,.0f} EUR, "
            f"more than the budget of {explanation['budget']:,.0f} EUR"
        )
    if kind == "balance":
        return (
            f"balance rule for {explanation['region']}: it must receive at least "
            f"{explanation['floor']:,.0f} EUR, but its available areas cost "
            f"{explanation['available']:,.0f} EUR in all (the cheapest "
            f"{explanation['cheapest']:,.0f} EUR) within a budget of "
            f"{explanation['budget']:,.0f} EUR"
        )
    if kind == "year_budgets":
        return "year budgets: the must-include areas do not fit in the yearly budgets"
    if kind == "must_include":
        return "must-include: cannot be met within the budget"
    if kind == "conflict":
        return (
            "the rules conflict with each other; relaxing any one of these makes it feasible: "
            + ", ".join(_rule_name(r) for r in explanation["rules"])
        )
    if kind == "no_better":
        return "no better solution in the time limit"
    if kind == "no_solution":
        return "no feasible solution found in the time limit"
    return "the rules together cannot be met within the budget"


def explain(
    candidates: Sequence[PlanCandidate],
    rules: PlanRules,
    tick: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Which rule makes a scenario infeasible: each rule alone (with the budget), then each
    rule relaxed in turn. ``{"kind": ...}`` with the figures that say why (euros). ``tick`` is
    called before each feasibility check (a job's heartbeat; raising stops the analysis)."""
    by_id = {c.id: c for c in candidates}
    both = sorted(rules.must_include & rules.must_exclude)
    if both:
        return {"kind": "both", "areas": both}
    include_cost = sum(by_id[i].cost for i in rules.must_include)
    if include_cost > rules.budget + EPS:
        return {
            "kind": "include_budget",
            "cost": round(include_cost, 2),
            "budget": round(rules.budget, 2),
        }
    floors = region_floors(candidates, rules)
    rule_list: list[dict[str, Any]] = (
        ([{"rule": "must_include"}] if rules.must_include else [])
        + [{"rule": "balance", "region": r} for r in floors]
        + ([{"rule": "year_budgets"}] if rules.year_budgets else [])
    )

    def feasible_with(active: list[dict[str, Any]]) -> bool:
        if tick is not None:
            tick()
        return _is_feasible(
            candidates,
            rules,
            use_balance=[r["region"] for r in active if r["rule"] == "balance"],
            use_include=any(r["rule"] == "must_include" for r in active),
            use_years=any(r["rule"] == "year_budgets" for r in active),
        )

    for rule in rule_list:
        if not feasible_with([rule]):
            if rule["rule"] == "balance":
                region = rule["region"]
                costs = [
                    c.cost
                    for c in candidates
                    if c.region == region and c.id not in rules.must_exclude
                ]
                return {
                    "kind": "balance",
                    "region": region,
                    "floor": round(floors[region], 2),
                    "available": round(sum(costs), 2),
                    "cheapest": round(min(costs, default=0.0), 2),
                    "budget": round(rules.budget, 2),
                }
            return {"kind": rule["rule"]}
    culprits = [r for r in rule_list if feasible_with([o for o in rule_list if o is not r])]
    if culprits:
        return {"kind": "conflict", "rules": culprits}
    return {"kind": "together"}
