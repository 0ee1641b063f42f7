"""The planner's vocabulary (candidates, rules, results, progress) and the greedy baseline.
Pure (no Django)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

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
