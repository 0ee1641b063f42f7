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

The package: ``core`` (candidates, rules, results, progress; the greedy baseline), ``milp``
(the HiGHS model, LP rounding, the infeasibility analysis) and ``solver`` (the solve with its
progress, the budget curve). Import from the package: ``from localret.connectivity import
planner`` then ``planner.solve(...)``.
"""

from __future__ import annotations

from .core import (
    COST_SCALE,
    DEFAULT_WEIGHTS,
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
    greedy,
    priority_weight,
    region_floors,
)
from .milp import explain, explanation_text
from .solver import budget_curve, solve

__all__ = [
    "COST_SCALE",
    "DEFAULT_WEIGHTS",
    "EPS",
    "INFEASIBLE",
    "OPTIMAL",
    "TIME_LIMIT",
    "PlanCandidate",
    "PlanResult",
    "PlanRules",
    "Progress",
    "ProgressFn",
    "Selection",
    "budget_curve",
    "explain",
    "explanation_text",
    "greedy",
    "priority_weight",
    "region_floors",
    "solve",
]
