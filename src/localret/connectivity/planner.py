"""Rollout planner: which candidate areas a budget should connect first. Pure (no Django).

Mixed-integer programme solved with HiGHS (``highspy``)::

    maximise    sum_i w_i h_i x_iy                       (weighted uncovered households)
    subject to  sum_i,y c_i x_iy            <= B          (total budget)
                sum_i c_i x_iy              <= B_y        (optional budget per year y)
                sum_y x_iy                  <= 1          (an area is connected once)
                sum_{i in r},y c_i x_iy     >= m B H_r/H  (territorial balance, each region r)
                sum_y x_iy = 1 for must-include areas; x_iy = 0 for must-exclude areas
                x binary

``H_r/H`` is region r's share of the candidate set's households and ``m`` the chosen minimum
share (``min_share``). The greedy baseline obeys the same rules (must-include first, then each
region's minimum with its best households-per-euro areas, then the rest by households per euro;
excluded areas never); HiGHS starts from it (``setSolution``), so the MILP is never worse.

An infeasible scenario says which rule makes it infeasible: each rule is first checked alone
(with the budget), then the rules are relaxed one at a time. The reason comes twice: as an
English sentence (``reason``, in the API) and as an ``explanation`` (``{"kind": ..., figures}``)
that the pages put into words in the reader's language.

``solve`` reports its progress to an optional ``progress`` callable (:class:`Progress`): the
stage (greedy start, relaxation, MILP, infeasibility analysis) and, while HiGHS branches, its
incumbent, best bound and gap (HiGHS's MIP callbacks). An exception raised by ``progress``
interrupts the solver and leaves ``solve`` (a cancelled job stops at once).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

OPTIMAL, TIME_LIMIT, INFEASIBLE = "optimal", "time_limit", "infeasible"
COST_SCALE = 1000.0  # costs enter the model in thousands of euros (better conditioning)
EPS = 1e-6

# Default priority weights (docs/connectivity.md): a white household counts 1.5, grey 1.2,
# black 1; a rural area multiplies by 1.2.
DEFAULT_WEIGHTS = {"white": 1.5, "grey": 1.2, "black": 1.0, "rural": 1.2}


def priority_weight(
    classification: str, rural: bool, weights: dict[str, float] | None = None
) -> float:
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    return float(w.get(classification, 1.0)) * (float(w["rural"]) if rural else 1.0)


@dataclass(frozen=True)
class PlanCandidate:
    id: str
    households: int
    cost: float  # euros
    region: str = ""
    weight: float = 1.0


@dataclass(frozen=True)
class PlanRules:
    budget: float
    year_budgets: tuple[float, ...] = ()
    min_share: float = 0.0  # territorial balance; 0 = no balance rule
    must_include: frozenset[str] = frozenset()
    must_exclude: frozenset[str] = frozenset()


@dataclass
class Selection:
    feasible: bool
    selected: list[str] = field(default_factory=list)
    year_of: dict[str, int] = field(default_factory=dict)
    households: int = 0
    cost: float = 0.0
    objective: float = 0.0
    reason: str = ""


@dataclass(frozen=True)
class Progress:
    """Where a solve is: ``stage`` (greedy | relaxation | milp | infeasibility | done), an
    estimate of the share done (``percent`` 0-100) and, during the MILP, the solver's figures
    (weighted households: incumbent = best solution so far, bound = best possible)."""

    stage: str
    percent: int
    incumbent: float | None = None
    bound: float | None = None
    gap: float | None = None
    greedy: float | None = None
    seconds: float = 0.0


ProgressFn = Callable[[Progress], None]


@dataclass
class PlanResult:
    status: str  # optimal | time_limit | infeasible
    reason: str
    selected: list[str]
    year_of: dict[str, int]
    households: int
    cost: float
    objective: float
    mip_gap: float | None
    solve_seconds: float
    cost_by_region: dict[str, float]
    households_by_region: dict[str, int]
    floors: dict[str, float]
    greedy: Selection
    explanation: dict[str, Any] = field(default_factory=dict)


def region_floors(candidates: Sequence[PlanCandidate], rules: PlanRules) -> dict[str, float]:
    """Minimum spend per region: min_share x budget x the region's share of the households."""
    if rules.min_share <= 0:
        return {}
    total = sum(c.households for c in candidates)
    if total <= 0:
        return {}
    by_region: dict[str, int] = {}
    for c in candidates:
        by_region[c.region] = by_region.get(c.region, 0) + c.households
    return {r: rules.min_share * rules.budget * h / total for r, h in sorted(by_region.items())}


def _years(rules: PlanRules) -> list[float]:
    return list(rules.year_budgets) if rules.year_budgets else [rules.budget]


def _summary(
    candidates: Sequence[PlanCandidate], chosen: dict[str, int]
) -> tuple[int, float, float]:
    by_id = {c.id: c for c in candidates}
    hh = sum(by_id[i].households for i in chosen)
    cost = sum(by_id[i].cost for i in chosen)
    obj = sum(by_id[i].weight * by_id[i].households for i in chosen)
    return hh, cost, obj


def greedy(candidates: Sequence[PlanCandidate], rules: PlanRules) -> Selection:
    """The baseline, under the same rules as the MILP: must-include areas first, then each
    region's minimum with its best households-per-euro areas, then the rest by households per
    euro; excluded areas never."""
    return _greedy_from(candidates, rules, ())


def _greedy_from(
    candidates: Sequence[PlanCandidate], rules: PlanRules, preferred: Sequence[str]
) -> Selection:
    """Greedy completion: must-include, then ``preferred`` areas (those that fit), then the
    balance minimums, then the rest by households per euro."""
    years = _years(rules)
    left_year = list(years)
    left_total = rules.budget
    chosen: dict[str, int] = {}
    spent_region: dict[str, float] = {}
    by_id = {c.id: c for c in candidates}

    def ratio(c: PlanCandidate) -> float:
        value = c.weight * c.households
        return value / c.cost if c.cost > 0 else float("inf") if value > 0 else 0.0

    def place(c: PlanCandidate) -> bool:
        nonlocal left_total
        if c.cost > left_total + EPS:
            return False
        for y, room in enumerate(left_year):
            if c.cost <= room + EPS:
                left_year[y] -= c.cost
                left_total -= c.cost
                chosen[c.id] = y
                spent_region[c.region] = spent_region.get(c.region, 0.0) + c.cost
                return True
        return False

    if rules.must_include & rules.must_exclude:
        return Selection(False, reason="an area is both must-include and must-exclude")
    for cid in sorted(rules.must_include, key=lambda i: -by_id[i].cost):
        if not place(by_id[cid]):
            return Selection(False, reason="the must-include areas do not fit in the budget")
    ranked = sorted(
        (c for c in candidates if c.id not in rules.must_exclude and c.id not in chosen),
        key=lambda c: (-ratio(c), c.id),
    )
    first = [by_id[cid] for cid in preferred if cid not in rules.must_exclude]
    floors = region_floors(candidates, rules)
    for region, floor in sorted(floors.items(), key=lambda kv: -kv[1]):
        for c in [*first, *ranked]:
            if spent_region.get(region, 0.0) >= floor - EPS:
                break
            if c.region == region and c.id not in chosen:
                place(c)
        if spent_region.get(region, 0.0) < floor - EPS:
            return Selection(False, reason=f"greedy could not meet the balance rule of {region}")
    for c in [*first, *ranked]:
        if c.id not in chosen:
            place(c)
    hh, cost, obj = _summary(candidates, chosen)
    return Selection(
        True,
        selected=sorted(chosen),
        year_of=dict(chosen),
        households=hh,
        cost=cost,
        objective=obj,
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


class _Reporter:
    """Passes the solver's progress on to ``progress``; an exception it raises interrupts
    HiGHS (through its MIP callbacks) and is raised again once the solver has stopped."""

    def __init__(self, progress: ProgressFn | None, time_limit_s: float, start: float) -> None:
        self.progress = progress
        self.time_limit_s = max(time_limit_s, 1e-3)
        self.start = start
        self.error: BaseException | None = None
        self.greedy: float | None = None

    def stage(self, stage: str, percent: int, **figures: float | None) -> None:
        if self.progress is None:
            return
        self.progress(
            Progress(
                stage=stage,
                percent=percent,
                greedy=self.greedy,
                seconds=round(time.perf_counter() - self.start, 2),
                **figures,
            )
        )

    def watch(self, highs: Any) -> None:
        if self.progress is None:
            return

        def on_event(event: Any) -> None:
            if self.error is not None:
                event.interrupt()
                return
            out = event.data_out
            incumbent = float(out.mip_primal_bound)
            bound = float(out.mip_dual_bound)
            gap = float(out.mip_gap)
            share = min(1.0, float(out.running_time) / self.time_limit_s)
            try:
                self.stage(
                    "milp",
                    15 + int(70 * share),
                    incumbent=incumbent if np.isfinite(incumbent) else None,
                    bound=bound if np.isfinite(bound) else None,
                    gap=gap if np.isfinite(gap) else None,
                )
            except BaseException as exc:  # raised again by solve() after HiGHS stops
                self.error = exc
                event.interrupt()

        highs.cbMipInterrupt.subscribe(on_event)
        highs.cbMipImprovingSolution.subscribe(on_event)

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def solve(
    candidates: Sequence[PlanCandidate],
    rules: PlanRules,
    *,
    time_limit_s: float = 10.0,
    mip_gap: float = 0.001,
    threads: int | None = None,
    progress: ProgressFn | None = None,
) -> PlanResult:
    """Solve the MILP (warm-started from the greedy baseline) and report both; ``progress``
    hears how far it is (see :class:`Progress`)."""
    import highspy

    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("candidate ids must be unique")
    unknown = (rules.must_include | rules.must_exclude) - set(ids)
    if unknown:
        raise ValueError(f"unknown candidate ids: {', '.join(sorted(unknown))}")
    if rules.budget < 0 or any(b < 0 for b in rules.year_budgets):
        raise ValueError("budgets cannot be negative")
    if not 0 <= rules.min_share <= 1:
        raise ValueError("min_share must be between 0 and 1")
    floors = region_floors(candidates, rules)
    start = time.perf_counter()
    reporter = _Reporter(progress, float(time_limit_s), start)
    reporter.stage("greedy", 2)
    base = greedy(candidates, rules)
    reporter.greedy = base.objective if base.feasible else None
    reporter.stage("relaxation", 8, incumbent=reporter.greedy)
    warm = base
    rounded = _lp_rounding(candidates, rules)
    if rounded.feasible and (not base.feasible or rounded.objective > base.objective):
        warm = rounded
    if rules.must_include & rules.must_exclude:
        reporter.stage("infeasibility", 86)
        return _empty(candidates, rules, floors, base, start, infeasible=True)
    model = _build(candidates, rules)
    h = model.highs
    h.setOptionValue("time_limit", float(time_limit_s))  # type: ignore[attr-defined]
    h.setOptionValue("mip_rel_gap", float(mip_gap))  # type: ignore[attr-defined]
    if threads:
        h.setOptionValue("threads", int(threads))  # type: ignore[attr-defined]
    if warm.feasible:
        position = {candidates[i].id: k for k, i in enumerate(model.kept)}
        start_values = np.zeros(model.n * model.ny)
        for cid, y in warm.year_of.items():
            start_values[y * model.n + position[cid]] = 1.0
        h.setSolution(  # type: ignore[attr-defined]
            len(start_values), np.arange(len(start_values), dtype=np.int32), start_values
        )
    if model.n == 0:  # nothing can be selected
        if any(f > EPS for f in floors.values()):
            reporter.stage("infeasibility", 86)
            return _empty(candidates, rules, floors, base, start, infeasible=True)
        return _empty(candidates, rules, floors, base, start, infeasible=False)
    reporter.stage("milp", 15, incumbent=warm.objective if warm.feasible else None)
    reporter.watch(h)
    h.run()  # type: ignore[attr-defined]
    reporter.check()
    status_code = h.getModelStatus()  # type: ignore[attr-defined]
    info = h.getInfo()  # type: ignore[attr-defined]
    has_solution = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible

    def finite(value: float) -> float | None:
        return float(value) if np.isfinite(value) else None

    reporter.stage(
        "milp",
        85,
        incumbent=finite(info.objective_function_value) if has_solution else None,
        bound=finite(info.mip_dual_bound),
        gap=finite(info.mip_gap),
    )

    def result(
        status: str, explanation: dict[str, Any], chosen: dict[str, int], gap: float | None
    ) -> PlanResult:
        hh, cost, obj = _summary(candidates, chosen)
        by_id = {c.id: c for c in candidates}
        cost_r: dict[str, float] = {}
        hh_r: dict[str, int] = {}
        for cid in chosen:
            c = by_id[cid]
            cost_r[c.region] = cost_r.get(c.region, 0.0) + c.cost
            hh_r[c.region] = hh_r.get(c.region, 0) + c.households
        return PlanResult(
            status=status,
            reason=explanation_text(explanation) if explanation else "",
            selected=sorted(chosen),
            year_of=dict(chosen),
            households=hh,
            cost=cost,
            objective=obj,
            mip_gap=gap,
            solve_seconds=round(time.perf_counter() - start, 4),
            cost_by_region=dict(sorted(cost_r.items())),
            households_by_region=dict(sorted(hh_r.items())),
            floors=floors,
            greedy=base,
            explanation=explanation,
        )

    if status_code == highspy.HighsModelStatus.kInfeasible or (
        not has_solution and status_code != highspy.HighsModelStatus.kTimeLimit
    ):
        return result(
            INFEASIBLE,
            explain(candidates, rules, lambda: reporter.stage("infeasibility", 86)),
            {},
            None,
        )
    if not has_solution:
        if base.feasible:
            return result(TIME_LIMIT, {"kind": "no_better"}, base.year_of, None)
        return result(TIME_LIMIT, {"kind": "no_solution"}, {}, None)
    values = np.asarray(h.getSolution().col_value)  # type: ignore[attr-defined]
    chosen = {}
    for y in range(model.ny):
        for k, i in enumerate(model.kept):
            if values[y * model.n + k] > 0.5:
                chosen[candidates[i].id] = y
    gap = float(info.mip_gap) if np.isfinite(info.mip_gap) else None
    status = OPTIMAL if status_code == highspy.HighsModelStatus.kOptimal else TIME_LIMIT
    _, _, obj = _summary(candidates, chosen)
    if warm.feasible and obj < warm.objective - EPS:  # never worse than the start
        chosen = dict(warm.year_of)
    return result(status, {}, chosen, gap)


def _empty(
    candidates: Sequence[PlanCandidate],
    rules: PlanRules,
    floors: dict[str, float],
    base: Selection,
    start: float,
    *,
    infeasible: bool,
) -> PlanResult:
    explanation = explain(candidates, rules) if infeasible else {}
    return PlanResult(
        status=INFEASIBLE if infeasible else OPTIMAL,
        reason=explanation_text(explanation) if infeasible else "",
        selected=[],
        year_of={},
        households=0,
        cost=0.0,
        objective=0.0,
        mip_gap=None if infeasible else 0.0,
        solve_seconds=round(time.perf_counter() - start, 4),
        cost_by_region={},
        households_by_region={},
        floors=floors,
        greedy=base,
        explanation=explanation,
    )


def budget_curve(
    candidates: Sequence[PlanCandidate],
    rules: PlanRules,
    fractions: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0),
    *,
    time_limit_s: float = 1.0,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, float]]:
    """Households covered against budget (MILP with a 1 % gap and a short time limit);
    ``progress(done, total)`` hears each point before it is solved."""
    points = []
    for n, f in enumerate(fractions):
        if progress is not None:
            progress(n, len(fractions))
        scaled = PlanRules(
            budget=rules.budget * f,
            year_budgets=tuple(b * f for b in rules.year_budgets),
            min_share=rules.min_share,
            must_include=rules.must_include,
            must_exclude=rules.must_exclude,
        )
        r = solve(candidates, scaled, time_limit_s=time_limit_s, mip_gap=0.01)
        points.append(
            {
                "budget": round(scaled.budget, 2),
                "households": r.households if r.status != INFEASIBLE else 0,
                "greedy_households": r.greedy.households if r.greedy.feasible else 0,
            }
        )
    return points
