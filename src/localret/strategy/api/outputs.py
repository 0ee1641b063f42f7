"""The API's answers: a plan with its tree, a node, an indicator, a measurement."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from .. import selectors
from ..models import ActionLine, Initiative, Measurement, Plan, StrategicObjective
from ..schemas import explanation_out
from .base import _float_or_none


def plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "name": plan.name,
        "status": plan.status,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "mandate_end": plan.mandate_end,
        "is_demo": plan.is_demo,
    }


def _indicator_node(n: selectors.Node) -> dict[str, Any]:
    return {
        "code": n.code,
        "name": n.name,
        "unit": n.obj.unit,
        "weight": n.weight,
        "current_value": n.current_value,
        "last_date": n.last_date,
        "progress": n.progress,
        "expected_progress": n.expected_progress,
        "status": n.status,
    }


def _node(n: selectors.Node) -> dict[str, Any]:
    return {
        "code": n.code,
        "name": n.name,
        "weight": n.weight,
        "progress": n.progress,
        "expected_progress": n.expected_progress,
        "status": n.status,
        "explanation": explanation_out(n),
    }


def plan_out(tree: selectors.PlanTree) -> dict[str, Any]:
    """The JSON of ``GET /plans/{slug}`` (also used by reporting's exports)."""
    plan = tree.plan
    return {
        **plan_summary(plan),
        "approval_ref": plan.approval_ref,
        "closure_ref": plan.closure_ref,
        "as_of": tree.as_of,
        "mission": plan.mission,
        "vision": plan.vision,
        "values": [{"name": v.name, "description": v.description} for v in tree.values],
        "on_track_ratio": tree.thresholds.on_track,
        "at_risk_ratio": tree.thresholds.at_risk,
        "progress": tree.progress,
        "expected_progress": tree.expected_progress,
        "progress_status": tree.status,
        "explanation": explanation_out(tree.root),
        "objectives": [
            {
                **_node(o),
                "action_lines": [
                    {
                        **_node(a),
                        "initiatives": [
                            {
                                **_node(i),
                                "status_of_initiative": i.obj.status,
                                "indicators": [_indicator_node(x) for x in i.indicators],
                            }
                            for i in a.initiatives
                        ],
                        "indicators": [_indicator_node(x) for x in a.indicators],
                    }
                    for a in o.action_lines
                ],
            }
            for o in tree.objectives
        ],
    }


# --- Objectives, action lines, initiatives ------------------------------------------------------


def _node_out(obj: Any) -> dict[str, Any]:
    return {
        "code": obj.code,
        "name": obj.name,
        "description": obj.description,
        "weight": float(obj.weight),
        "position": obj.position,
    }


def _objective(plan: Plan, code: str) -> StrategicObjective:
    obj = plan.objectives.filter(code=code).first()
    if obj is None:
        raise Http404(f"No objective '{code}' in this plan")
    return obj


def _action_line(plan: Plan, code: str) -> ActionLine:
    obj = (
        ActionLine.objects.select_related("objective__plan")
        .filter(objective__plan=plan, code=code)
        .first()
    )
    if obj is None:
        raise Http404(f"No action line '{code}' in this plan")
    return obj


def _initiative(plan: Plan, code: str) -> Initiative:
    obj = (
        Initiative.objects.select_related("action_line__objective__plan")
        .filter(action_line__objective__plan=plan, code=code)
        .first()
    )
    if obj is None:
        raise Http404(f"No initiative '{code}' in this plan")
    return obj


def _initiative_out(obj: Initiative) -> dict[str, Any]:
    return {
        **_node_out(obj),
        "action_line": obj.action_line.code,
        "owner": obj.owner,
        "responsible": obj.responsible.username if obj.responsible else None,
        "start_date": obj.start_date,
        "end_date": obj.end_date,
        "budget_planned": obj.budget_planned,
        "budget_executed": obj.budget_executed,
        "status": obj.status,
        "municipalities": sorted(m.code for m in obj.municipalities.all()),
    }


def indicator_out(detail: selectors.IndicatorDetail) -> dict[str, Any]:
    ind = detail.indicator
    f = detail.forecast
    return {
        "code": ind.code,
        "name": ind.name,
        "definition": ind.definition,
        "unit": ind.unit,
        "direction": ind.direction,
        "range_low": None if ind.range_low is None else float(ind.range_low),
        "range_high": None if ind.range_high is None else float(ind.range_high),
        "plausible_low": _float_or_none(getattr(ind, "plausible_low", None)),
        "plausible_high": _float_or_none(getattr(ind, "plausible_high", None)),
        "cumulative": ind.cumulative,
        "plan": detail.plan.slug,
        "action_line": detail.action_line.code if detail.action_line else None,
        "initiative": detail.initiative.code if detail.initiative else None,
        "baseline_value": detail.baseline_value,
        "baseline_date": detail.baseline_date,
        "target_value": detail.target_value,
        "target_date": detail.target_date,
        "frequency": ind.frequency,
        "source": ind.source,
        "owner": ind.owner,
        "aggregation": ind.aggregation,
        "computed_key": ind.computed_key,
        "milestones": [{"date": d, "value": v} for d, v in detail.milestones],
        "as_of": detail.as_of,
        "defined_later": detail.defined_later,
        "measurements": [
            {
                "id": m.id,
                "date": m.date,
                "value": m.value,
                "municipality": m.municipality or None,
                "source": m.source,
            }
            for m in detail.measurements
        ],
        "current_value": detail.current_value,
        "progress": detail.progress,
        "expected_progress": detail.expected_progress,
        "status": detail.status,
        "forecast": None
        if not f.ok
        else {
            "value_at_target_date": f.value_at_target_date,
            "low": f.low,
            "high": f.high,
            "probability_of_target": f.probability_of_target,
            "level": f.level,
        },
        "forecast_reason": f.reason,
        "by_municipality": [
            {"municipality": m.code, "name": m.name, "value": m.value, "date": m.date}
            for m in detail.by_municipality
        ],
    }


def _measurement_out(m: Measurement, warnings: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": m.pk,
        "date": m.date,
        "value": float(m.value),
        "municipality": m.municipality.code if m.municipality is not None else None,
        "source": m.source,
        "warnings": warnings or [],
    }
