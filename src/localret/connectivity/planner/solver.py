"""Solving a scenario: HiGHS warm-started from the best of greedy and LP rounding, with its
progress reported as it goes, and the budget curve. Pure (no Django)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .core import (
    EPS,
    INFEASIBLE,
    OPTIMAL,
    TIME_LIMIT,
    PlanCandidate,
    PlanResult,
    PlanRules,
    Progress,
    ProgressFn,
    Selection,
    _summary,
    greedy,
    region_floors,
)
from .milp import _build, _lp_rounding, explain, explanation_text


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
