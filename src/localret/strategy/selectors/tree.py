"""The plan tree: structure at a date, each indicator's state, progress and status up the tree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Q

from localret.core.asof import objects_as_of, values_as_of

from .. import forecast as fc
from .. import progress as pg
from ..models import (
    ActionLine,
    Indicator,
    Initiative,
    Milestone,
    Plan,
    PlanValue,
    StrategicObjective,
)
from .measurements import measurement_points
from .plans import PlanNotFound, end_of_day, is_live, thresholds_of, today

# --- The tree -----------------------------------------------------------------------------------


@dataclass
class Node:
    """One node of the plan tree. ``obj`` is the model instance as it stood at ``as_of``."""

    kind: str  # plan | objective | action_line | initiative | indicator
    id: int
    code: str
    name: str
    weight: float
    progress: float | None
    expected_progress: float | None
    status: str
    obj: Any
    children: list[Node] = field(default_factory=list)
    # Explanation: the children that pull this node down most, and those without data.
    pulls: list[pg.Pull] = field(default_factory=list)
    without_data: list[str] = field(default_factory=list)
    # Indicators only.
    current_value: float | None = None
    last_date: dt.date | None = None
    municipal: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def label(self) -> str:
        return f"{self.code}. {self.name}" if self.code else self.name

    @property
    def progress_pct(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)

    @property
    def expected_pct(self) -> int | None:
        return None if self.expected_progress is None else round(self.expected_progress * 100)

    @property
    def explanation(self) -> list[dict[str, Any]]:
        """The children that pull this node down most (biggest impact first)."""
        out = []
        for pull in self.pulls:
            kind, _, pk = pull.key.partition(":")
            code, _, name = pull.label.partition(". ")
            out.append(
                {
                    "kind": kind,
                    "code": code if name else "",
                    "name": name or code,
                    "share": pull.share,
                    "gap": pull.gap,
                    "impact": pull.impact,
                    "status": pull.status,
                }
            )
        return out

    def of_kind(self, kind: str) -> list[Node]:
        return [c for c in self.children if c.kind == kind]

    @property
    def objectives(self) -> list[Node]:
        return self.of_kind("objective")

    @property
    def action_lines(self) -> list[Node]:
        return self.of_kind("action_line")

    @property
    def initiatives(self) -> list[Node]:
        return self.of_kind("initiative")

    @property
    def indicators(self) -> list[Node]:
        return self.of_kind("indicator")

    def walk(self) -> Iterable[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PlanTree:
    plan: Any  # Plan as it stood at as_of
    as_of: dt.date
    live: bool
    values: list[Any]
    root: Node
    thresholds: pg.Thresholds

    @property
    def objectives(self) -> list[Node]:
        return self.root.children

    @property
    def progress(self) -> float | None:
        return self.root.progress

    @property
    def expected_progress(self) -> float | None:
        return self.root.expected_progress

    @property
    def status(self) -> str:
        return self.root.status

    def nodes(self) -> Iterable[Node]:
        return self.root.walk()

    def find(self, kind: str, id: int) -> Node | None:
        for node in self.root.walk():
            if node.kind == kind and node.id == id:
                return node
        return None

    def find_code(self, kind: str, code: str) -> Node | None:
        for node in self.root.walk():
            if node.kind == kind and node.code == code:
                return node
        return None


def _sorted(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda o: (o.position, _natural(o.code), o.pk))


def _natural(code: str) -> tuple[Any, ...]:
    parts = []
    for chunk in code.replace("-", ".").split("."):
        digits = "".join(ch for ch in chunk if ch.isdigit())
        parts.append((chunk.rstrip("0123456789"), int(digits) if digits else 0, chunk))
    return tuple(parts)


@dataclass
class Structure:
    plan: Any
    values: list[Any]
    objectives: list[Any]
    lines: list[Any]
    initiatives: list[Any]
    indicators: list[Any]
    milestones: dict[int, list[tuple[dt.date, float]]]


def plan_structure(plan: Plan, as_of: dt.date | None = None) -> Structure:
    """The plan's structure at ``as_of`` (live tables today, the audit history before).

    6 queries (7 with the plan's own history).
    """
    if is_live(as_of):
        plan_then: Any = plan
        values = list(PlanValue.objects.filter(plan=plan))
        objectives = list(StrategicObjective.objects.filter(plan=plan))
        lines = list(ActionLine.objects.filter(objective__plan=plan))
        initiatives = list(Initiative.objects.filter(action_line__objective__plan=plan))
        indicators = list(
            Indicator.objects.filter(
                Q(action_line__objective__plan=plan)
                | Q(initiative__action_line__objective__plan=plan)
            )
        )
        milestone_rows = Milestone.objects.filter(
            indicator__in=[i.pk for i in indicators]
        ).values_list("indicator_id", "date", "value")
    else:
        assert as_of is not None  # noqa: S101 - narrows the type; always true here
        when = end_of_day(as_of)
        plan_then = next(iter(objects_as_of(Plan, when, id=plan.pk)), None)
        if plan_then is None:
            raise PlanNotFound(f"The plan did not exist on {as_of.isoformat()}")
        values = objects_as_of(PlanValue, when, plan_id=plan.pk)
        objectives = objects_as_of(StrategicObjective, when, plan_id=plan.pk)
        lines = objects_as_of(ActionLine, when, objective_id__in=[o.pk for o in objectives])
        line_ids = [line.pk for line in lines]
        initiatives = objects_as_of(Initiative, when, action_line_id__in=line_ids)
        indicators = objects_as_of(
            Indicator,
            when,
            Q(action_line_id__in=line_ids) | Q(initiative_id__in=[i.pk for i in initiatives]),
        )
        milestone_rows = values_as_of(
            Milestone,
            when,
            ("indicator_id", "date", "value"),
            indicator_id__in=[i.pk for i in indicators],
        )
    milestones: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    for ind, date, value in milestone_rows:
        milestones[ind].append((date, float(value)))
    return Structure(
        plan=plan_then,
        values=sorted(values, key=lambda v: (v.position, v.pk)),
        objectives=_sorted(objectives),
        lines=_sorted(lines),
        initiatives=_sorted(initiatives),
        indicators=_sorted(indicators),
        milestones=milestones,
    )


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def indicator_state(
    ind: Any,
    points: Sequence[tuple[dt.date, Any, float]],
    milestones: Sequence[tuple[dt.date, float]],
    plan: Any,
    as_of: dt.date,
    thresholds: pg.Thresholds,
) -> dict[str, Any]:
    """Series, current value, progress, expected progress and status of one indicator.

    A missing baseline value is taken from the first measurement; missing baseline and target
    dates default to the plan's start and mandate end.
    """
    series = pg.indicator_series(points, ind.aggregation)
    ends = (series[0], series[-1]) if series else None
    state = _state(ind, ends, milestones, plan, as_of, thresholds)
    state["series"] = series
    state["municipal"] = any(m is not None for _, m, _ in points)
    return state


def _state(
    ind: Any,
    ends: tuple[tuple[dt.date, float], tuple[dt.date, float]] | None,
    milestones: Sequence[tuple[dt.date, float]],
    plan: Any,
    as_of: dt.date,
    thresholds: pg.Thresholds,
) -> dict[str, Any]:
    """:func:`indicator_state` from the first and last points of the series alone (all that
    the values below read of it)."""
    current = ends[1][1] if ends else None
    baseline = _f(ind.baseline_value)
    if baseline is None and ends:
        baseline = ends[0][1]
    target = _f(ind.target_value)
    baseline_date = ind.baseline_date or plan.period_start
    target_date = ind.target_date or plan.mandate_end
    low, high = _f(ind.range_low), _f(ind.range_high)
    progress = pg.indicator_progress(current, baseline, target, ind.direction, low, high)
    expected = pg.expected_progress(
        as_of,
        baseline_date,
        target_date,
        milestones,
        baseline=baseline,
        target=target,
        direction=ind.direction,
        range_low=low,
        range_high=high,
    )
    return {
        "current": current,
        "last_date": ends[1][0] if ends else None,
        "baseline": baseline,
        "baseline_date": baseline_date,
        "target": target,
        "target_date": target_date,
        "progress": progress,
        "expected": expected,
        "status": pg.status_for(progress, expected, thresholds),
    }


def _child(node: Node) -> pg.Child:
    return pg.Child(
        node.key, node.label, node.weight, node.progress, node.expected_progress, node.status
    )


def _parent(
    kind: str, obj: Any, children: list[Node], thresholds: pg.Thresholds, name: str | None = None
) -> Node:
    counted = [
        c
        for c in children
        if not (c.kind == "initiative" and c.obj.status == Initiative.Status.CANCELLED)
    ]
    r = pg.rollup([_child(c) for c in counted], thresholds)
    return Node(
        kind=kind,
        id=obj.pk,
        code=getattr(obj, "code", "") or "",
        name=name if name is not None else obj.name,
        weight=float(getattr(obj, "weight", 1) or 0),
        progress=r.progress,
        expected_progress=r.expected,
        status=r.status,
        obj=obj,
        children=children,
        pulls=r.pulls,
        without_data=r.without_data,
    )


def is_evaluated(plan: Any, plan_then: Any, as_of: dt.date) -> bool:
    """Whether the plan is shown evaluated (achieved / partly / not achieved against its targets)
    rather than forecast: it was closed at ``as_of``, or it is closed now and ``as_of`` is at or
    after its mandate end (its evaluation looks at the plan's last day)."""
    if plan_then.status == Plan.Status.CLOSED:
        return True
    ends = [d for d in (plan.mandate_end, plan.period_end) if d is not None]
    return plan.status == Plan.Status.CLOSED and bool(ends) and as_of >= min(ends)


def judged(
    state: dict[str, Any], prediction: fc.Forecast, *, evaluated: bool, as_of: dt.date
) -> tuple[str, fc.Forecast]:
    """An indicator's status and forecast as readers are given them: in an evaluated (closed)
    plan the status is judged on the final progress (``progress.evaluated_status``), and the
    forecast's probability agrees with the status (``forecast.settled``: an achieved target is
    certain; past its target date, or in an evaluated plan, the indicator is judged on its last
    value). One rule for ``indicator_detail`` (the API and the indicator page) and
    ``indicator_rows`` (the Board report, open data, the portal)."""
    status = pg.evaluated_status(state["progress"]) if evaluated else state["status"]
    target_date = state["target_date"]
    settled = fc.settled(
        prediction,
        achieved=status == pg.ACHIEVED,
        past_target_date=evaluated or (target_date is not None and as_of > target_date),
        met=state["progress"] is not None and state["progress"] >= 1 - pg.EPS,
    )
    return status, settled


def evaluate(root: Node) -> Node:
    """Every node's status judged on its final progress (``progress.evaluated_status``)."""
    nodes = list(root.walk())
    for node in nodes:
        node.status = pg.evaluated_status(node.progress)
    for node in nodes:  # what pulls a node down says its children's evaluated status
        status = {c.key: c.status for c in node.children}
        node.pulls = [replace(p, status=status.get(p.key, p.status)) for p in node.pulls]
    return root


def build_tree(
    structure: Structure,
    points: dict[int, list[tuple[dt.date, int | None, float]]],
    as_of: dt.date,
    *,
    evaluated: bool = False,
) -> Node:
    """Compute every node from the structure and measurements (no queries). ``evaluated``: a
    closed plan, whose nodes are judged on their final progress, not forecast.

    An indicator's node reads only the ends of its series (``progress.series_ends``: one pass
    over its points, no series built), the same values as :func:`indicator_state`."""
    plan = structure.plan
    thresholds = thresholds_of(plan)
    ind_nodes: dict[str, dict[int, list[Node]]] = {
        "line": defaultdict(list),
        "ini": defaultdict(list),
    }
    for ind in structure.indicators:
        own = points.get(ind.pk, [])
        state = _state(
            ind,
            pg.series_ends(own, ind.aggregation),
            structure.milestones.get(ind.pk, []),
            plan,
            as_of,
            thresholds,
        )
        node = Node(
            kind="indicator",
            id=ind.pk,
            code=ind.code,
            name=ind.name,
            weight=float(ind.weight),
            progress=state["progress"],
            expected_progress=state["expected"],
            status=state["status"],
            obj=ind,
            current_value=state["current"],
            last_date=state["last_date"],
            municipal=any(m is not None for _, m, _ in own),
        )
        if ind.action_line_id:
            ind_nodes["line"][ind.action_line_id].append(node)
        else:
            ind_nodes["ini"][ind.initiative_id].append(node)
    init_nodes: dict[int, list[Node]] = defaultdict(list)
    for ini in structure.initiatives:
        children = ind_nodes["ini"].get(ini.pk, [])
        if children:
            node = _parent("initiative", ini, children, thresholds)
        else:
            # No indicator: a completed initiative is achieved; otherwise time says what was
            # expected and there is no data.
            if ini.status == Initiative.Status.COMPLETED:
                progress: float | None = 1.0
            else:
                progress = None
            expected = (
                pg.expected_progress(as_of, ini.start_date, ini.end_date) if ini.end_date else None
            )
            node = Node(
                kind="initiative",
                id=ini.pk,
                code=ini.code,
                name=ini.name,
                weight=float(ini.weight),
                progress=progress,
                expected_progress=expected,
                status=pg.status_for(progress, expected, thresholds),
                obj=ini,
            )
        init_nodes[ini.action_line_id].append(node)
    line_nodes: dict[int, list[Node]] = defaultdict(list)
    for line in structure.lines:
        children = init_nodes.get(line.pk, []) + ind_nodes["line"].get(line.pk, [])
        line_nodes[line.objective_id].append(_parent("action_line", line, children, thresholds))
    objective_nodes = [
        _parent("objective", o, line_nodes.get(o.pk, []), thresholds) for o in structure.objectives
    ]
    root = _parent("plan", plan, objective_nodes, thresholds)
    root.code = ""
    return evaluate(root) if evaluated else root


def plan_tree(plan: Plan, as_of: dt.date | None = None, *, known_then: bool = False) -> PlanTree:
    """The plan with every node's progress, expected progress, status and explanation, as it
    stood at ``as_of`` (default today): its structure from the audit history, the measurements
    dated up to then (with ``known_then``, only those recorded by then: see
    :func:`measurement_points`). At most 8 SQL queries whatever the plan's size.

    Raises :class:`PlanNotFound` when the plan did not exist yet at ``as_of``.
    """
    as_of = as_of or today()
    live = is_live(as_of)
    structure = plan_structure(plan, as_of)
    points = measurement_points([i.pk for i in structure.indicators], as_of, known_then)
    root = build_tree(structure, points, as_of, evaluated=is_evaluated(plan, structure.plan, as_of))
    return PlanTree(
        plan=structure.plan,
        as_of=as_of,
        live=live,
        values=structure.values,
        root=root,
        thresholds=thresholds_of(structure.plan),
    )
