"""The plan's read model as plain data, for every reader outside the plan's own pages.

:func:`plan_outline` (the tree of :func:`plan_tree` at a date, flattened to dicts) and
:func:`indicator_rows` (every indicator's baseline, target, current value, progress, status,
forecast and aggregate series at a date, computed with :func:`indicator_state`,
:func:`forecast` and :func:`judged` as ``indicator_detail`` does, for all indicators at once).
A closed plan is evaluated, not forecast (``is_evaluated``): both say so (``evaluated``), its
nodes and indicators are achieved / partly achieved / not achieved, and each indicator's
probability agrees with its status, as in the API. The Board report,
open data and the transparency portal (reporting) read these through ``strategy.interface``;
nothing outside strategy reshapes the tree or reassembles indicator rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..forecast import forecast
from .plans import thresholds_of
from .tree import indicator_state, is_evaluated, judged


def _get(node: Any, key: str, default: Any = None) -> Any:
    if node is None:
        return default
    if isinstance(node, dict):
        return node.get(key, default)
    return getattr(node, key, default)


def _first(node: Any, *keys: str, default: Any = None) -> Any:
    for key in keys:
        value = _get(node, key)
        if value is not None:
            return value
    return default


def _num(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _str(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def _children(node: Any, *keys: str) -> list[Any]:
    for key in keys:
        value = _get(node, key)
        if value is not None:
            return list(value.all() if hasattr(value, "all") else value)
    return []


def _reason(node: Any) -> str:
    """Strategy's explanation of a node's status, flattened to one sentence: the children that
    pull it down most (label and points lost) and those without data."""
    pulls = _get(node, "pulls")
    if pulls is not None:
        parts = []
        for pull in list(pulls)[:3]:
            impact = _num(_get(pull, "impact")) or 0.0
            if impact > 0:
                parts.append(f"{_str(_get(pull, 'label'))} (-{impact * 100:.0f} pp)")
        missing = list(_get(node, "without_data") or [])
        if missing:
            parts.append("no data: " + ", ".join(str(m) for m in missing[:5]))
        return "; ".join(parts)
    value = _first(node, "explanation", "reason", "explain", "why", default="")
    if isinstance(value, list | tuple):
        parts = []
        for item in value:
            if isinstance(item, dict):
                label = _first(item, "text", "label", "message", default="")
                if not label:
                    code = _first(item, "code", default="")
                    name = _first(item, "name", default="")
                    drag = _num(_first(item, "impact", "gap", "drag", default=None))
                    label = f"{code} {name}".strip()
                    if drag is not None:
                        label += f" ({drag:+.2f})"
                parts.append(str(label))
            else:
                parts.append(str(item))
        return "; ".join(p for p in parts if p)
    if isinstance(value, dict):
        return str(_first(value, "text", "summary", "message", default=""))
    return str(value or "")


def _node(node: Any, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "code": _str(_get(node, "code")),
        "name": _str(_get(node, "name")),
        "progress": _num(_get(node, "progress")),
        "expected_progress": _num(_get(node, "expected_progress")),
        "status": _str(_get(node, "status")) or "no_data",
        "reason": _reason(node),
    }


def plan_outline(plan: Any, as_of: dt.date) -> dict[str, Any]:
    """The plan at ``as_of`` as plain data (the figures of :func:`plan_tree`, the same as the
    dashboard and ``GET /api/v1/plans/{slug}?as_of=``): plan, objectives and action lines with
    progress, expected progress, status and a one-sentence reason; each line lists its
    indicators' codes. The Board report and open data read it, from the plan snapshot
    (computed once per data version: ``strategy.snapshot``)."""
    from ..snapshot import plan_snapshot  # the snapshot module builds on these selectors

    raw: Any = plan_snapshot(plan, as_of)
    tree = {
        "slug": plan.slug,
        "name": plan.name,
        "status_of_plan": _str(plan.status),
        "as_of": as_of,
        # A closed plan judged against its targets (its nodes' statuses say so), not forecast.
        "evaluated": is_evaluated(plan, raw.plan, as_of),
        **{k: v for k, v in _node(raw, "plan").items() if k not in ("code", "name", "kind")},
        "objectives": [],
    }
    for objective in _children(raw, "objectives", "children"):
        o = _node(objective, "objective")
        o["action_lines"] = []
        for line in _children(objective, "action_lines", "children"):
            a = _node(line, "action_line")
            a["indicators"] = [
                _str(_first(i, "code", default=i)) for i in _children(line, "indicators")
            ]
            o["action_lines"].append(a)
        tree["objectives"].append(o)
    return tree


def _forecast(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "value_at_target_date": _num(_get(value, "value_at_target_date")),
        "low": _num(_get(value, "low")),
        "high": _num(_get(value, "high")),
        "probability_of_target": _num(_get(value, "probability_of_target")),
        "reason": _str(_get(value, "reason")),
    }


def indicator_rows(plan: Any, as_of: dt.date) -> list[dict[str, Any]]:
    """Every indicator of the plan at ``as_of``: baseline, target, current value, progress,
    status, forecast and the aggregate series up to that date, computed exactly as strategy's
    ``indicator_detail`` does (same functions), but for all indicators at once (a handful of
    queries instead of several per indicator). The structure is the snapshot's (kept per
    version of the plan data) and the measurements are read by its plain SQL query (no ORM
    row per measurement: a plan with 200,000 measurements is read in a fraction of the time).

    A closed plan is evaluated (``evaluated`` on each row): each status is judged on the final
    progress and each probability agrees with it (:func:`judged`, as the API's indicator)."""
    from .. import snapshot  # the snapshot module builds on these selectors

    structure = snapshot.plan_structure(plan, as_of)
    plan_then = structure.plan
    thresholds = thresholds_of(plan_then)
    evaluated = is_evaluated(plan, plan_then, as_of)
    indicators = sorted({i.pk: i for i in structure.indicators}.values(), key=lambda i: i.code)
    points = snapshot.measurement_points([i.pk for i in indicators], as_of)
    line_code = {line.pk: line.code for line in structure.lines}
    line_of_initiative = {ini.pk: ini.action_line_id for ini in structure.initiatives}
    rows = []
    for ind in indicators:
        state = indicator_state(
            ind,
            points.get(ind.pk, []),
            structure.milestones.get(ind.pk, []),
            plan_then,
            as_of,
            thresholds,
        )
        series = state["series"]
        prediction = forecast(
            [d for d, _ in series],
            [v for _, v in series],
            state["target_date"],
            state["target"],
            ind.direction,
            range_low=_num(ind.range_low),
            range_high=_num(ind.range_high),
            cumulative=ind.cumulative,
        )
        status, prediction = judged(state, prediction, evaluated=evaluated, as_of=as_of)
        line_id = ind.action_line_id or line_of_initiative.get(ind.initiative_id)
        rows.append(
            {
                "code": ind.code,
                "name": ind.name,
                "unit": _str(ind.unit),
                "action_line": line_code.get(line_id, ""),
                "direction": _str(ind.direction),
                "baseline_value": _num(state["baseline"]),
                "baseline_date": state["baseline_date"],
                "target_value": _num(state["target"]),
                "target_date": state["target_date"],
                "current": _num(state["current"]),
                "progress": _num(state["progress"]),
                "expected_progress": _num(state["expected"]),
                "status": _str(status) or "no_data",
                "evaluated": evaluated,
                "forecast": _forecast(prediction),
                "measurements": [(d, float(v)) for d, v in series],
            }
        )
    return rows
