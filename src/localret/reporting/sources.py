"""The one adapter between governance/reporting and the other apps.

Every read of another app (strategy, maturity, connectivity, innovation) and the plan approval
hook go through this module, guarded: when the other app has not (yet) exposed what we need,
the function answers "nothing" (``None``, ``[]`` or ``{}``) and the pages and reports show
nothing for it. Callers never import other apps' internals themselves.

Shapes returned here are plain dicts/lists, normalised, so that templates, the PDF, the XLSX,
the open data and the tests all read the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from importlib import import_module
from typing import Any

# --------------------------------------------------------------------------- helpers


def _module(name: str) -> Any | None:
    try:
        return import_module(f"localret.{name}")
    except ImportError:
        return None


def _fn(module_name: str, name: str) -> Any | None:
    module = _module(module_name)
    return getattr(module, name, None) if module is not None else None


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


# --------------------------------------------------------------------------- plans


def plan_model() -> Any:
    from localret.strategy.models import Plan

    return Plan


def plan_get(slug: str) -> Any | None:
    return plan_model().objects.filter(slug=slug).first()


def public_plans() -> list[Any]:
    """Plans the public may see: approved or closed."""
    Plan = plan_model()
    return list(
        Plan.objects.filter(status__in=[Plan.Status.APPROVED, Plan.Status.CLOSED]).order_by(
            "-period_start"
        )
    )


def plan_is_public(plan: Any) -> bool:
    return plan is not None and plan.status in ("approved", "closed")


def plan_approval_ref(plan: Any) -> str:
    """The agreement reference strategy stored when the plan was approved, if any."""
    return _str(_first(plan, "approval_ref", "agreement_ref", default=""))


def plan_closure_ref(plan: Any) -> str:
    return _str(_first(plan, "closure_ref", default=""))


def plan_approve(*, plan: Any, by: Any, agreement_ref: str) -> None:
    """Approve a plan through strategy's service (the only way a plan becomes approved)."""
    service = _fn("strategy.services", "plan_approve")
    if service is not None:
        service(plan=plan, by=by, agreement_ref=agreement_ref)
        plan.refresh_from_db()
        return
    _plan_set_status(plan, "approved", by, agreement_ref)  # strategy's service not there yet


def plan_close(*, plan: Any, by: Any, agreement_ref: str) -> None:
    service = _fn("strategy.services", "plan_close")
    if service is not None:
        service(plan=plan, by=by, agreement_ref=agreement_ref)
        plan.refresh_from_db()
        return
    _plan_set_status(plan, "closed", by, agreement_ref)


def _plan_set_status(plan: Any, status: str, by: Any, agreement_ref: str) -> None:
    """Fallback used only while strategy does not expose plan_approve/plan_close."""
    plan.status = status
    names = ("approval_ref",) if status == "approved" else ("closure_ref",)
    for name in names:
        if hasattr(plan, name):
            setattr(plan, name, agreement_ref)
    plan._history_user = by
    plan._change_reason = f"{status} by agreement {agreement_ref}"
    plan.save()


# --------------------------------------------------------------------------- plan tree

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data", "not_started")


def _children(node: Any, *keys: str) -> list[Any]:
    for key in keys:
        value = _get(node, key)
        if value is not None:
            return list(value.all() if hasattr(value, "all") else value)
    return []


def _reason(node: Any) -> str:
    """Strategy's explanation of a node's status, flattened to one sentence."""
    value = _first(node, "explanation", "reason", "explain", "why", default="")
    if isinstance(value, list | tuple):
        parts = []
        for item in value:
            if isinstance(item, dict):
                label = _first(item, "text", "label", "message", default="")
                if not label:
                    code = _first(item, "code", default="")
                    name = _first(item, "name", default="")
                    impact = _num(_first(item, "impact", "gap", "drag", default=None))
                    label = f"{code} {name}".strip()
                    if impact is not None:
                        label += f" ({impact:+.2f})"
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


def plan_tree(plan: Any, as_of: dt.date) -> dict[str, Any]:
    """The plan as strategy computes it at ``as_of`` (the same figures as the dashboard and
    ``GET /api/v1/plans/{slug}?as_of=``), normalised. Without strategy's selector: the
    structure only, every node ``no_data``."""
    selector = _fn("strategy.selectors", "plan_tree")
    raw: Any = selector(plan, as_of) if selector is not None else None
    if raw is None:
        raw = {
            "progress": None,
            "status": "no_data",
            "objectives": [
                {
                    "code": o.code,
                    "name": o.name,
                    "action_lines": [
                        {"code": a.code, "name": a.name} for a in o.action_lines.all()
                    ],
                }
                for o in plan.objectives.prefetch_related("action_lines")
            ],
        }
    tree = {
        "slug": plan.slug,
        "name": plan.name,
        "status_of_plan": _str(plan.status),
        "as_of": as_of,
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


def _measurement(m: Any) -> tuple[dt.date, float] | None:
    if isinstance(m, list | tuple) and len(m) >= 2:
        day, value = m[0], m[1]
    else:
        day, value = _get(m, "date"), _get(m, "value")
    if day is None or _num(value) is None:
        return None
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return day, float(value)  # type: ignore[arg-type]


def plan_indicators(plan: Any, as_of: dt.date) -> list[dict[str, Any]]:
    """Every indicator of the plan at ``as_of`` with baseline, target, current value, progress,
    status, forecast and the (aggregate) measurements up to that date."""
    detail = _fn("strategy.selectors", "indicator_detail")
    Indicator = getattr(_module("strategy.models"), "Indicator", None)
    if Indicator is None:
        return []
    qs = Indicator.objects.all()
    fields = {f.name for f in Indicator._meta.get_fields()}
    if "plan" in fields:
        qs = qs.filter(plan=plan)
    elif "action_line" in fields:
        qs = qs.filter(action_line__objective__plan=plan)
    rows = []
    for indicator in qs.order_by("code"):
        info: Any = detail(indicator, as_of) if detail is not None else indicator
        measurements = [
            x for x in (_measurement(m) for m in _children(info, "measurements")) if x is not None
        ]
        measurements = sorted(m for m in measurements if m[0] <= as_of)
        line = _get(indicator, "action_line")
        rows.append(
            {
                "code": indicator.code,
                "name": _str(_get(indicator, "name")),
                "unit": _str(_get(indicator, "unit")),
                "action_line": _str(_get(line, "code")) if line is not None else "",
                "direction": _str(_get(indicator, "direction")),
                "baseline_value": _num(_get(indicator, "baseline_value")),
                "baseline_date": _get(indicator, "baseline_date"),
                "target_value": _num(_get(indicator, "target_value")),
                "target_date": _get(indicator, "target_date"),
                "current": _num(_first(info, "current", "current_value", "value", default=None))
                if detail is not None
                else (measurements[-1][1] if measurements else None),
                "progress": _num(_get(info, "progress")) if detail is not None else None,
                "status": (_str(_get(info, "status")) if detail is not None else "") or "no_data",
                "forecast": _forecast(_get(info, "forecast")) if detail is not None else None,
                "measurements": measurements,
            }
        )
    return rows


def changes_since(plan: Any, since: dt.date | None, as_of: dt.date) -> list[dict[str, str]]:
    """What changed in the plan between ``since`` and ``as_of`` (strategy's selector)."""
    selector = _fn("strategy.selectors", "changes_since")
    if selector is None or since is None:
        return []
    try:
        raw = selector(plan, since, as_of)
    except TypeError:
        raw = selector(plan, since)
    out = []
    for item in raw or []:
        out.append(
            {
                "code": _str(_first(item, "code", "node", default="")),
                "name": _str(_first(item, "name", "label", default="")),
                "what": _str(_first(item, "what", "change", "kind", "field", default="")),
                "before": _str(_first(item, "before", "old", "status_before", default="")),
                "after": _str(_first(item, "after", "new", "status_after", default="")),
            }
        )
    return out


def measurement_rows(plan: Any | None = None) -> Iterator[tuple]:
    """Measurements of public plans, one tuple at a time (``.iterator()``, memory flat):
    (plan slug, indicator code, date, value, municipality code or "", source)."""
    models = _module("strategy.models")
    Measurement = getattr(models, "Measurement", None)
    if Measurement is None:
        return iter(())
    fields = {f.name for f in Measurement._meta.get_fields()}
    plan_path = (
        "indicator__plan"
        if "plan" in {f.name for f in models.Indicator._meta.get_fields()}  # type: ignore[union-attr]
        else "indicator__action_line__objective__plan"
    )
    qs = Measurement.objects.filter(**{f"{plan_path}__status__in": ["approved", "closed"]})
    if plan is not None:
        qs = qs.filter(**{plan_path: plan})
    values = [f"{plan_path}__slug", "indicator__code", "date", "value"]
    values.append("municipality__code" if "municipality" in fields else "date")
    values.append("source" if "source" in fields else "date")
    qs = qs.order_by(f"{plan_path}__slug", "indicator__code", "date", "pk").values_list(*values)

    def rows() -> Iterator[tuple]:
        for slug, code, day, value, muni, source in qs.iterator(chunk_size=2000):
            yield (
                slug,
                code,
                day,
                value,
                muni if isinstance(muni, str) else "",
                source if isinstance(source, str) else "",
            )

    return rows()


# --------------------------------------------------------------------------- other apps


def _call(module_name: str, names: Iterable[str], *args: Any, **kwargs: Any) -> Any:
    """Call the first selector of ``names`` that exists; ``None`` when none does."""
    for name in names:
        fn = _fn(module_name, name)
        if fn is not None:
            return fn(*args, **kwargs)
    return None


def _as_rows(value: Any) -> list[tuple[str, str]]:
    """A summary as (label, value) rows, whatever shape the selector returned."""
    if value is None:
        return []
    if isinstance(value, dict):
        items = value.items()
    else:
        items = [(_str(_first(v, "label", "name")), _first(v, "value", "count")) for v in value]
    rows = []
    for label, v in items:
        if isinstance(v, dict | list):
            continue
        rows.append((str(label).replace("_", " "), _fmt(v)))
    return rows


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.2f}"
    return _str(v)


def maturity_summary(as_of: dt.date) -> list[tuple[str, str]]:
    """Aggregate maturity figures (no individual result) for the report and the open data."""
    return _as_rows(_call("maturity.selectors", ("report_summary", "public_summary"), as_of=as_of))


def connectivity_summary(as_of: dt.date) -> list[tuple[str, str]]:
    return _as_rows(
        _call("connectivity.selectors", ("report_summary", "public_summary"), as_of=as_of)
    )


def maturity_aggregates() -> list[dict[str, Any]]:
    """Public aggregates per comarca and band (open data); [] until maturity exposes them."""
    rows = _call("maturity.selectors", ("open_data_aggregates", "public_aggregates"))
    return [dict(r) for r in rows] if rows else []


def connectivity_aggregates() -> list[dict[str, Any]]:
    rows = _call("connectivity.selectors", ("open_data_aggregates", "public_aggregates"))
    return [dict(r) for r in rows] if rows else []


def municipality_connectivity(code: str) -> dict[str, Any] | None:
    """Public coverage figures of one municipality (latest year), or None."""
    value = _call("connectivity.selectors", ("municipality_public", "municipality_summary"), code)
    if value is None:
        return None
    keys = ("year", "households", "covered_30", "covered_100", "covered_1000", "gigabit_share")
    return {k: _get(value, k) for k in keys}


def municipality_adhesions(code: str) -> list[dict[str, Any]]:
    """Services of the catalogue the municipality has adhered to (service name, since)."""
    rows = _call("maturity.selectors", ("municipality_adhesions", "adhesions_for"), code) or []
    return [
        {"service": _str(_first(r, "service_name", "service", "name")), "since": _get(r, "since")}
        for r in rows
    ]


def municipality_projects(code: str) -> list[dict[str, Any]]:
    """Accompaniment projects (name, status, dates only: no notes, no documents, no people)."""
    rows = _call("maturity.selectors", ("municipality_projects", "projects_for"), code) or []
    return [
        {
            "name": _str(_first(r, "name", "title")),
            "status": _str(_first(r, "status_label", "status")),
            "start_date": _get(r, "start_date"),
        }
        for r in rows
    ]


def municipality_pilots(code: str) -> list[dict[str, Any]]:
    rows = _call("innovation.selectors", ("municipality_pilots", "pilots_for"), code) or []
    return [
        {
            "name": _str(_first(r, "name", "title")),
            "status": _str(_first(r, "status_label", "status")),
            "start_date": _get(r, "start_date"),
        }
        for r in rows
        if _get(r, "is_public", True)
    ]


def municipality_maturity_level(code: str) -> dict[str, Any] | None:
    """Latest validated maturity level of one municipality (the caller checks consent)."""
    value = _call(
        "maturity.selectors", ("municipality_latest_level", "latest_validated_summary"), code
    )
    if value is None:
        return None
    return {"level": _get(value, "level"), "campaign": _str(_get(value, "campaign"))}


def maturity_consent_from_maturity(code: str) -> bool | None:
    """If maturity keeps its own publication consent, its answer; otherwise None."""
    value = _call(
        "maturity.selectors", ("publication_consent", "maturity_publication_consent"), code
    )
    return None if value is None else bool(value)


# --------------------------------------------------------------------------- territorial balance

EFFORT_COMPONENTS = ("projects", "adhesions", "deployment", "pilots")


def _per_municipality(value: Any) -> dict[str, float]:
    if not value:
        return {}
    if isinstance(value, dict):
        return {str(k): float(v) for k, v in value.items() if v}
    out: dict[str, float] = {}
    for r in value:
        code = _str(_first(r, "municipality", "code", "municipality_code"))
        amount = _num(_first(r, "amount", "value", "count", default=1)) or 0.0
        out[code] = out.get(code, 0.0) + amount
    return out


def effort_by_municipality(component: str, year: int | None, as_of: dt.date) -> dict[str, float]:
    """Localret's effort of one kind per municipality (INE code): accompaniment projects
    started, service adhesions made, deployment investment (EUR), pilots started, in ``year``
    (or up to ``as_of`` when year is None). Empty when the owning app has no such selector."""
    where = {
        "projects": ("maturity.selectors", ("effort_projects", "projects_by_municipality")),
        "adhesions": ("maturity.selectors", ("effort_adhesions", "adhesions_by_municipality")),
        "deployment": (
            "connectivity.selectors",
            ("effort_investment", "investment_by_municipality"),
        ),
        "pilots": ("innovation.selectors", ("effort_pilots", "pilots_by_municipality")),
    }
    module, names = where[component]
    return _per_municipality(_call(module, names, year=year, as_of=as_of))


def need_by_municipality(kind: str, as_of: dt.date) -> dict[str, float]:
    """Need per municipality: ``maturity_gap`` (100 - overall score of the latest validated
    assessment) or ``uncovered`` (households without gigabit)."""
    if kind == "maturity_gap":
        return _per_municipality(
            _call("maturity.selectors", ("maturity_gap_by_municipality",), as_of=as_of)
        )
    if kind == "uncovered":
        return _per_municipality(
            _call("connectivity.selectors", ("uncovered_by_municipality",), as_of=as_of)
        )
    raise ValueError(kind)
