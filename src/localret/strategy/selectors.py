"""Reads of the strategic plan, used by the strategy pages and API and by governance,
reporting and transparency. Every function here only reads.

- :func:`plan_list` / :func:`plan_get`: the plans a user may see (public: approved and closed;
  staff and Board: drafts too).
- :func:`plan_tree`: the whole plan as a tree of :class:`Node` (plan > objectives > action lines
  > initiatives and indicators) with progress, expected progress, status and explanation of
  every node, **as of any date**: the structure comes from the audit history and the
  measurements are those dated up to that date (``known_then``: and recorded by then, as the
  Board's "what changed" compares). A fixed number of SQL
  queries whatever the plan's size (8 at most).
- :func:`indicator_detail`: one indicator with its measurements, progress, status, forecast and
  per-municipality breakdown, as of a date.
- :func:`changes_since`: what changed in a plan since a date (the Board's "since the last Board
  meeting" view; governance passes the date of the last meeting).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, FloatField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from localret.accounts import roles
from localret.core.audit import history_as_of
from localret.core.errors import NotFound

from . import computed, hooks, publication
from . import forecast as fc
from . import progress as pg
from .models import (
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Plan,
    PlanValue,
    StrategicObjective,
)

PUBLIC_STATUSES = (Plan.Status.APPROVED, Plan.Status.CLOSED)
DEFAULT_CHANGES_DAYS = 90


# --- Plans --------------------------------------------------------------------------------------


def can_see_drafts(user: Any) -> bool:
    return roles.can_read_internal(user)


def plan_list(user: Any) -> QuerySet[Plan]:
    """Plans the user may read, newest period first (public: approved and closed only)."""
    qs = Plan.objects.all().order_by("-period_start", "slug")
    if not can_see_drafts(user):
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    return qs


def plan_list_at(user: Any, as_of: dt.date | None = None) -> Any:
    """The plans as they stood at ``as_of`` (default today: :func:`plan_list`): those that
    existed then, with the status they had, that the user may read (the public: approved and
    closed then). A queryset, newest period first."""
    if as_of is None or is_live(as_of):
        return plan_list(user)
    plans = history_as_of(Plan, end_of_day(as_of))
    if not can_see_drafts(user):
        plans = plans.filter(status__in=PUBLIC_STATUSES)
    return plans.order_by("-period_start", "slug")


def plan_get(slug: str, user: Any) -> Plan | None:
    """The plan with this slug if the user may read it, else None."""
    return plan_list(user).filter(slug=slug).first()


# --- As of a date -------------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def end_of_day(date: dt.date) -> dt.datetime:
    """The last instant of ``date`` in the current time zone (history records up to it)."""
    start = dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start) - dt.timedelta(microseconds=1)


def is_live(as_of: dt.date | None) -> bool:
    return as_of is None or as_of >= today()


def measurement_points(
    indicator_ids: Sequence[int], as_of: dt.date, known_then: bool = False
) -> dict[int, list[tuple[dt.date, int | None, float]]]:
    """(date, municipality id, value) per indicator, dated up to ``as_of`` (what is recorded
    now, late entries and corrections included). With ``known_then``, only what had been
    recorded by the end of ``as_of`` (the audit history): what a reader saw that day, as the
    Board's "what changed" compares. One query for any number of indicators; the bulk read of
    reporting and of the plan tree."""
    if not known_then or is_live(as_of):
        qs: Any = Measurement.objects.filter(indicator_id__in=indicator_ids, date__lte=as_of)
    else:
        qs = history_as_of(Measurement, end_of_day(as_of)).filter(
            indicator_id__in=indicator_ids, date__lte=as_of
        )
    # Aggregates only: a confidential indicator's series is its own totals (publication.py).
    qs = publication.aggregate_measurements(qs)
    out: dict[int, list[tuple[dt.date, int | None, float]]] = defaultdict(list)
    # Cast in SQL: converting thousands of Decimals in Python dominates the page's cost.
    rows = qs.annotate(fvalue=Cast("value", FloatField())).values_list(
        "indicator_id", "date", "municipality_id", "fvalue"
    )
    for ind, date, muni, value in rows:
        out[ind].append((date, muni, value))
    return out


def latest_values(indicators: Iterable[Indicator], as_of: dt.date) -> dict[int, float | None]:
    """The latest (aggregated) value of each indicator up to ``as_of``. One query."""
    indicators = list(indicators)
    points = measurement_points([i.pk for i in indicators], as_of)
    out: dict[int, float | None] = {}
    for ind in indicators:
        series = pg.indicator_series(points.get(ind.pk, []), ind.aggregation)
        out[ind.pk] = series[-1][1] if series else None
    return out


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


class PlanNotFound(NotFound):
    """The plan did not exist at the requested date (``core.errors.NotFound``, 404)."""


def thresholds_of(plan: Any) -> pg.Thresholds:
    try:
        return pg.Thresholds(float(plan.on_track_ratio), float(plan.at_risk_ratio))
    except (TypeError, ValueError):
        return pg.DEFAULT_THRESHOLDS


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
        plan_then = history_as_of(Plan, when).filter(id=plan.pk).first()
        if plan_then is None:
            raise PlanNotFound(f"The plan did not exist on {as_of.isoformat()}")
        values = list(history_as_of(PlanValue, when).filter(plan_id=plan.pk))
        objectives = list(history_as_of(StrategicObjective, when).filter(plan_id=plan.pk))
        lines = list(
            history_as_of(ActionLine, when).filter(objective_id__in=[o.pk for o in objectives])
        )
        line_ids = [line.pk for line in lines]
        initiatives = list(history_as_of(Initiative, when).filter(action_line_id__in=line_ids))
        indicators = list(
            history_as_of(Indicator, when).filter(
                Q(action_line_id__in=line_ids) | Q(initiative_id__in=[i.pk for i in initiatives])
            )
        )
        milestone_rows = (
            history_as_of(Milestone, when)
            .filter(indicator_id__in=[i.pk for i in indicators])
            .values_list("indicator_id", "date", "value")
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
    current = series[-1][1] if series else None
    baseline = _f(ind.baseline_value)
    if baseline is None and series:
        baseline = series[0][1]
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
        "series": series,
        "current": current,
        "last_date": series[-1][0] if series else None,
        "baseline": baseline,
        "baseline_date": baseline_date,
        "target": target,
        "target_date": target_date,
        "progress": progress,
        "expected": expected,
        "status": pg.status_for(progress, expected, thresholds),
        "municipal": any(m is not None for _, m, _ in points),
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
    closed plan, whose nodes are judged on their final progress, not forecast."""
    plan = structure.plan
    thresholds = thresholds_of(plan)
    ind_nodes: dict[str, dict[int, list[Node]]] = {
        "line": defaultdict(list),
        "ini": defaultdict(list),
    }
    for ind in structure.indicators:
        state = indicator_state(
            ind,
            points.get(ind.pk, []),
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
            municipal=state["municipal"],
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


# --- One indicator ------------------------------------------------------------------------------


def indicator_get(code: str, user: Any) -> Indicator | None:
    """The indicator with this code if the user may read its plan."""
    ind = (
        Indicator.objects.select_related(
            "action_line__objective__plan", "initiative__action_line__objective__plan"
        )
        .filter(code=code)
        .first()
    )
    if ind is None:
        return None
    plan = indicator_plan(ind)
    if plan.status not in PUBLIC_STATUSES and not can_see_drafts(user):
        return None
    return ind


def indicator_plan(ind: Indicator) -> Plan:
    line = ind.action_line or (ind.initiative.action_line if ind.initiative else None)
    assert line is not None  # noqa: S101 - narrows the type; always true here
    return line.objective.plan


@dataclass
class MunicipalValue:
    code: str
    name: str
    value: float
    date: dt.date


@dataclass
class MeasurementRow:
    id: int
    date: dt.date
    value: float
    municipality: str  # INE code or ""
    municipality_name: str
    source: str


@dataclass
class IndicatorDetail:
    indicator: Any  # as it stood at as_of
    plan: Any
    action_line: Any
    initiative: Any
    as_of: dt.date
    measurements: list[MeasurementRow]
    series: list[tuple[dt.date, float]]
    milestones: list[tuple[dt.date, float]]
    current_value: float | None
    baseline_value: float | None
    baseline_date: dt.date
    target_value: float | None
    target_date: dt.date
    progress: float | None
    expected_progress: float | None
    status: str
    forecast: fc.Forecast
    by_municipality: list[MunicipalValue]
    defined_later: bool = False  # recorded after as_of: shown with its first definition

    @property
    def progress_pct(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)

    @property
    def expected_pct(self) -> int | None:
        return None if self.expected_progress is None else round(self.expected_progress * 100)


def _first_recorded(model: Any, pk: int) -> Any:
    """The moment ``model``'s object ``pk`` was first recorded in its history, or None."""
    return (
        model.history.filter(**{model._meta.pk.attname: pk})
        .order_by("history_date", "history_id")
        .values_list("history_date", flat=True)
        .first()
    )


def indicator_detail(
    indicator: Indicator, as_of: dt.date | None = None, *, viewer: Any = None
) -> IndicatorDetail:
    """One indicator as of a date: its definition as it stood then (audit history), the
    measurements dated up to then, progress, status, forecast and the latest value of each
    municipality that ``viewer`` may read (``publication.visible_measurements``: without a
    viewer, what the public may read).

    An indicator recorded after ``as_of`` (defined later, its series entered afterwards) is
    shown with its definition as first recorded, and ``defined_later`` is True: the figures
    dated up to ``as_of`` are still meaningful. The plan tree, by contrast, leaves it out."""
    from localret.territory.models import Municipality

    as_of = as_of or today()
    live = is_live(as_of)
    plan = indicator_plan(indicator)
    defined_later = False
    if live:
        ind: Any = indicator
        plan_then: Any = plan
        ms_rows = list(indicator.milestones.values_list("date", "value"))
    else:
        when = end_of_day(as_of)
        # The plan as it stood on as_of: its status then says who may read it (the caller
        # checks), and a plan that did not exist yet has no indicator to show.
        plan_then = history_as_of(Plan, when).filter(id=plan.pk).first()
        if plan_then is None:
            raise PlanNotFound(f"The plan did not exist on {as_of.isoformat()}")
        ind = history_as_of(Indicator, when).filter(id=indicator.pk).first()
        if ind is None:
            first = _first_recorded(Indicator, indicator.pk)
            if first is None:  # no history at all (rows made without it): the live definition
                first = timezone.now()
            defined_later = True
            when = max(when, first)
            ind = history_as_of(Indicator, when).filter(id=indicator.pk).first() or indicator
        ms_rows = list(
            history_as_of(Milestone, when)
            .filter(indicator_id=indicator.pk)
            .values_list("date", "value")
        )
    mqs = publication.visible_measurements(
        Measurement.objects.filter(indicator=indicator, date__lte=as_of), viewer
    )
    rows = list(mqs.values_list("date", "value", "municipality_id", "source", "id"))
    # The series of a confidential indicator comes from its totals only (as the plan tree's).
    confidential_notes = {e.source_note for e in computed.confidential().values()}
    confidential = publication.is_confidential(indicator)
    muni_ids = {r[2] for r in rows if r[2] is not None}
    munis = {
        m.pk: m for m in Municipality.objects.filter(pk__in=muni_ids).only("pk", "code", "name")
    }
    milestones = sorted((d, float(v)) for d, v in ms_rows)
    points = [(d, m, float(v)) for d, v, m, *_ in rows]
    aggregate_points = [
        (d, m, float(v))
        for d, v, m, source, *_ in rows
        if m is None or not (confidential or source in confidential_notes)
    ]
    thresholds = thresholds_of(plan_then)
    state = indicator_state(ind, aggregate_points, milestones, plan_then, as_of, thresholds)
    series = state["series"]
    if is_evaluated(plan, plan_then, as_of):
        state["status"] = pg.evaluated_status(state["progress"])
    prediction = fc.forecast(
        [d for d, _ in series],
        [v for _, v in series],
        state["target_date"],
        state["target"],
        ind.direction,
        range_low=_f(ind.range_low),
        range_high=_f(ind.range_high),
        cumulative=ind.cumulative,
    )
    # The probability agrees with the status: achieved is certain; past its target date (or
    # in a closed plan) the indicator is judged on its last value.
    prediction = fc.settled(
        prediction,
        achieved=state["status"] == pg.ACHIEVED,
        past_target_date=is_evaluated(plan, plan_then, as_of)
        or (state["target_date"] is not None and as_of > state["target_date"]),
        met=state["progress"] is not None and state["progress"] >= 1 - pg.EPS,
    )
    latest: dict[int, tuple[dt.date, float]] = {}
    for d, m, v in sorted(points, key=lambda p: p[0]):
        if m is not None:
            latest[m] = (d, v)
    by_municipality = sorted(
        (
            MunicipalValue(munis[m].code, munis[m].name, v, d)
            for m, (d, v) in latest.items()
            if m in munis
        ),
        key=lambda x: x.name,
    )
    measurements = sorted(
        (
            MeasurementRow(
                pk,
                d,
                float(v),
                munis[m].code if m in munis else "",
                munis[m].name if m in munis else "",
                source,
            )
            for d, v, m, source, pk in rows
        ),
        key=lambda r: (r.date, r.municipality_name),
    )
    return IndicatorDetail(
        indicator=ind,
        plan=plan_then,
        action_line=indicator.action_line,
        initiative=indicator.initiative,
        as_of=as_of,
        measurements=measurements,
        series=series,
        milestones=milestones,
        current_value=state["current"],
        baseline_value=state["baseline"],
        baseline_date=state["baseline_date"],
        target_value=state["target"],
        target_date=state["target_date"],
        progress=state["progress"],
        expected_progress=state["expected"],
        status=state["status"],
        forecast=prediction,
        by_municipality=by_municipality,
        defined_later=defined_later,
    )


# --- What changed -------------------------------------------------------------------------------


@dataclass
class StatusChange:
    kind: str
    code: str
    name: str
    before: str | None  # None: the node did not exist
    after: str | None  # None: the node was removed
    progress_before: float | None
    progress_after: float | None


@dataclass
class Edit:
    date: dt.datetime
    kind: str
    code: str
    name: str
    action: str  # + ~ -
    user: Any
    fields: list[str]


@dataclass
class IndicatorUpdate:
    code: str
    name: str
    count: int


@dataclass
class Changes:
    plan: Plan
    since: dt.date
    until: dt.date
    status_changes: list[StatusChange]
    edits: list[Edit]
    measurements: list[IndicatorUpdate]

    @property
    def empty(self) -> bool:
        return not (self.status_changes or self.edits or self.measurements)

    def __iter__(self) -> Iterator[StatusChange]:
        return iter(self.status_changes)


def default_since(until: dt.date | None = None) -> tuple[dt.date, bool]:
    """Where "what changed" starts by default: the last Board meeting before ``until`` (default
    today), as governance records it, and True; else ``DEFAULT_CHANGES_DAYS`` before, and
    False."""
    until = until or today()
    meeting = hooks.last_board_meeting(until)
    if meeting is not None:
        return meeting, True
    return until - dt.timedelta(days=DEFAULT_CHANGES_DAYS), False


def changes_since(
    plan: Plan, since: dt.date | None = None, as_of: dt.date | None = None
) -> Changes:
    """What changed in the plan between ``since`` (default: the last Board meeting before
    ``as_of``, else 90 days before) and ``as_of`` (default: today): nodes whose status changed,
    structural edits from the audit history, and new measurements per indicator. Iterating the
    result yields the status changes.
    """
    now = as_of or today()
    since = since or default_since(now)[0]
    # Each side as it was known that day: the Board saw these figures then.
    after = plan_tree(plan, now, known_then=True)
    try:
        before: PlanTree | None = plan_tree(plan, since, known_then=True)
    except PlanNotFound:
        before = None
    old = {n.key: n for n in before.nodes()} if before else {}
    new = {n.key: n for n in after.nodes()}
    status_changes = []
    for key, node in new.items():
        if node.kind == "plan":
            continue
        prev = old.get(key)
        if prev is None or prev.status != node.status:
            status_changes.append(
                StatusChange(
                    node.kind,
                    node.code,
                    node.name,
                    prev.status if prev else None,
                    node.status,
                    prev.progress if prev else None,
                    node.progress,
                )
            )
    for key, prev in old.items():
        if key not in new and prev.kind != "plan":
            status_changes.append(
                StatusChange(
                    prev.kind, prev.code, prev.name, prev.status, None, prev.progress, None
                )
            )
    ids: dict[str, set[int]] = defaultdict(set)
    for tree in (before, after):
        if tree is None:
            continue
        for node in tree.nodes():
            ids[node.kind].add(node.id)
    when = end_of_day(since)
    models_by_kind = {
        "plan": Plan,
        "objective": StrategicObjective,
        "action_line": ActionLine,
        "initiative": Initiative,
        "indicator": Indicator,
    }
    edits: list[Edit] = []
    for kind, model in models_by_kind.items():
        records = list(
            model.history.filter(  # type: ignore[attr-defined]
                history_date__gt=when, history_date__lte=end_of_day(now), id__in=ids[kind]
            )
            .select_related("history_user")
            .order_by("history_date")
        )
        previous: dict[int, Any] = {}
        for record in records:
            fields: list[str] = []
            if record.history_type == "~":
                prior = record.prev_record
                if prior is not None:
                    fields = [c.field for c in record.diff_against(prior).changes]
            previous[record.id] = record
            edits.append(
                Edit(
                    record.history_date,
                    kind,
                    getattr(record, "code", "") or "",
                    record.name,
                    record.history_type,
                    record.history_user,
                    fields,
                )
            )
    edits.sort(key=lambda e: e.date, reverse=True)
    counts = (
        Measurement.objects.filter(
            indicator_id__in=ids["indicator"], created_at__gt=when, created_at__lte=end_of_day(now)
        )
        .values("indicator__code", "indicator__name")
        .annotate(n=Count("id"))
        .order_by("indicator__code")
    )
    measurements = [
        IndicatorUpdate(c["indicator__code"], c["indicator__name"], c["n"]) for c in counts
    ]
    order = {s: i for i, s in enumerate(pg.STATUSES)}
    status_changes.sort(key=lambda s: (order.get(s.after or "", 9), s.kind, s.code))
    return Changes(plan, since, now, status_changes, edits, measurements)


def _earlier_values(
    indicator: Any, date: dt.date, municipality: Any, exclude_id: int | None
) -> list[float]:
    earlier = Measurement.objects.filter(
        indicator=indicator, municipality=municipality, date__lt=date
    )
    if exclude_id is not None:
        earlier = earlier.exclude(pk=exclude_id)
    return [float(v) for v in earlier.order_by("date").values_list("value", flat=True)]


def measurement_warnings(
    *,
    indicator: Any,
    date: dt.date,
    value: Any,
    municipality: Any = None,
    exclude_id: int | None = None,
) -> list[str]:
    """Warnings (not refusals) about a value about to be recorded: far from the series of the
    same indicator and municipality up to its date."""
    from . import plausibility

    try:
        number = float(plausibility.normalize(value))
    except plausibility.InvalidValue:
        return []
    warning = plausibility.jump(number, _earlier_values(indicator, date, municipality, exclude_id))
    return [warning] if warning else []


def measurement_jump_from(
    *,
    indicator: Any,
    date: dt.date,
    value: Any,
    municipality: Any = None,
    exclude_id: int | None = None,
) -> float | None:
    """The last earlier value when ``value`` jumps far from the series (the pages word their
    own warning with it), else None."""
    from . import plausibility

    try:
        number = float(plausibility.normalize(value))
    except plausibility.InvalidValue:
        return None
    series = _earlier_values(indicator, date, municipality, exclude_id)
    return series[-1] if plausibility.jump(number, series) else None
