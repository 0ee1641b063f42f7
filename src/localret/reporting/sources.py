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

from django.utils.translation import gettext as _

from localret.core import formatting

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


def _indicator_nodes(tree: Any) -> list[Any]:
    nodes = tree.nodes() if hasattr(tree, "nodes") else []
    return [n for n in nodes if _get(n, "kind") == "indicator"]


def plan_indicators(plan: Any, as_of: dt.date) -> list[dict[str, Any]]:
    """Every indicator of the plan at ``as_of``: baseline, target, current value, progress,
    status, forecast and the aggregate series up to that date, computed exactly as strategy's
    ``indicator_detail`` does (same functions), but for all indicators at once (a handful of
    queries instead of several per indicator). [] without strategy's selectors."""
    S = _module("strategy.selectors")
    fc = _module("strategy.forecast")
    needed = ("plan_structure", "thresholds_of", "measurement_points", "indicator_state", "is_live")
    if S is None or fc is None or not all(hasattr(S, n) for n in needed):
        return _plan_indicators_one_by_one(plan, as_of)
    structure = S.plan_structure(plan, as_of)
    plan_then = structure.plan
    thresholds = S.thresholds_of(plan_then)
    indicators = sorted({i.pk: i for i in structure.indicators}.values(), key=lambda i: i.code)
    points = S.measurement_points([i.pk for i in indicators], as_of)
    line_code = {line.pk: line.code for line in structure.lines}
    line_of_initiative = {ini.pk: ini.action_line_id for ini in structure.initiatives}
    rows = []
    for ind in indicators:
        state = S.indicator_state(
            ind,
            points.get(ind.pk, []),
            structure.milestones.get(ind.pk, []),
            plan_then,
            as_of,
            thresholds,
        )
        series = state["series"]
        prediction = fc.forecast(
            [d for d, _ in series],
            [v for _, v in series],
            state["target_date"],
            state["target"],
            ind.direction,
            range_low=_num(ind.range_low),
            range_high=_num(ind.range_high),
            cumulative=ind.cumulative,
        )
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
                "status": _str(state["status"]) or "no_data",
                "forecast": _forecast(prediction),
                "measurements": [(d, float(v)) for d, v in series],
            }
        )
    return rows


def _plan_indicators_one_by_one(plan: Any, as_of: dt.date) -> list[dict[str, Any]]:
    tree_fn = _fn("strategy.selectors", "plan_tree")
    detail = _fn("strategy.selectors", "indicator_detail")
    Indicator = getattr(_module("strategy.models"), "Indicator", None)
    if tree_fn is None or detail is None or Indicator is None:
        return []
    nodes = {n.id: n for n in _indicator_nodes(tree_fn(plan, as_of))}
    instances = Indicator.objects.in_bulk(list(nodes))
    rows = []
    for node in sorted(nodes.values(), key=lambda n: n.code):
        indicator = instances.get(node.id)
        if indicator is None:
            continue
        info = detail(indicator, as_of)
        line = _get(info, "action_line") or _get(_get(info, "initiative"), "action_line")
        series = sorted((d, float(v)) for d, v in (_get(info, "series") or []) if d <= as_of)
        rows.append(
            {
                "code": node.code,
                "name": node.name,
                "unit": _str(_get(_get(info, "indicator"), "unit")),
                "action_line": _str(_get(line, "code")) if line is not None else "",
                "direction": _str(_get(_get(info, "indicator"), "direction")),
                "baseline_value": _num(_get(info, "baseline_value")),
                "baseline_date": _get(info, "baseline_date"),
                "target_value": _num(_get(info, "target_value")),
                "target_date": _get(info, "target_date"),
                "current": _num(_get(info, "current_value")),
                "progress": _num(node.progress),
                "expected_progress": _num(node.expected_progress),
                "status": _str(node.status) or "no_data",
                "forecast": _forecast(_get(info, "forecast")),
                "measurements": series,
            }
        )
    return rows


def changes_since(plan: Any, since: dt.date | None, as_of: dt.date) -> list[dict[str, str]]:
    """Nodes of the plan whose status changed between ``since`` (the previous Board meeting)
    and ``as_of``: the two trees of strategy's ``plan_tree`` compared, so the answer depends
    on the dates only (reproducible)."""
    tree_fn = _fn("strategy.selectors", "plan_tree")
    if tree_fn is None or since is None or since >= as_of:
        return []
    after = tree_fn(plan, as_of)
    try:
        before = tree_fn(plan, since)
    except Exception:  # the plan did not exist yet at ``since`` (strategy's PlanNotFound)
        before = None
    old = {(n.kind, n.id): n for n in before.nodes()} if before is not None else {}
    out = []
    for node in after.nodes():
        if node.kind in ("plan", "indicator"):
            continue
        prev = old.get((node.kind, node.id))
        if prev is None or prev.status != node.status:
            out.append(
                {
                    "code": _str(node.code),
                    "name": _str(node.name),
                    "what": _str(node.kind),
                    "before": _str(prev.status) if prev is not None else "",
                    "after": _str(node.status),
                }
            )
    return out


def measurement_rows(plan: Any | None = None) -> Iterator[tuple]:
    """Measurements of public plans, one tuple at a time (``.iterator()``, memory flat):
    (plan slug, indicator code, date, value, municipality code or "", source)."""
    from django.db.models import Q
    from django.db.models.functions import Coalesce

    Measurement = getattr(_module("strategy.models"), "Measurement", None)
    if Measurement is None:
        return iter(())
    direct = "indicator__action_line__objective__plan"
    via = "indicator__initiative__action_line__objective__plan"
    public = ["approved", "closed"]
    qs = Measurement.objects.filter(
        Q(**{f"{direct}__status__in": public}) | Q(**{f"{via}__status__in": public})
    )
    if plan is not None:
        qs = qs.filter(Q(**{direct: plan}) | Q(**{via: plan}))
    # Open data: what the public may read (confidential breakdowns only with consent).
    from localret.strategy.publication import visible_measurements

    qs = visible_measurements(qs, None)
    qs = (
        qs.annotate(plan_slug=Coalesce(f"{direct}__slug", f"{via}__slug"))
        .order_by("plan_slug", "indicator__code", "date", "pk")
        .values_list(
            "plan_slug", "indicator__code", "date", "value", "municipality__code", "source"
        )
    )

    def rows() -> Iterator[tuple]:
        for slug, code, day, value, muni, source in qs.iterator(chunk_size=2000):
            yield slug, code, day, value, muni or "", source or ""

    return rows()


# --------------------------------------------------------------------------- other apps


def _call(module_name: str, names: Iterable[str], *args: Any, **kwargs: Any) -> Any:
    """Call the first selector of ``names`` that exists; ``None`` when none does."""
    for name in names:
        fn = _fn(module_name, name)
        if fn is not None:
            return fn(*args, **kwargs)
    return None


def maturity_summary(as_of: dt.date) -> list[tuple[str, str]]:
    """Aggregate maturity figures at ``as_of`` (no individual result)."""
    rows = _call("maturity.selectors", ("latest_validated_by_municipality",), as_of=as_of)
    if not rows:
        return []
    overall = [float(r["overall"]) for r in rows.values() if r.get("overall") is not None]
    level3 = sum(1 for r in rows.values() if (r.get("level") or 0) >= 3)
    return [
        (_("Municipalities with a validated assessment"), formatting.number(len(rows))),
        (
            _("Mean overall score (0-100)"),
            formatting.number(sum(overall) / len(overall), 1) if overall else "—",
        ),
        (_("Share at level 3 or above"), formatting.percent(level3 / len(rows), 1)),
    ]


def connectivity_summary(as_of: dt.date) -> list[tuple[str, str]]:
    """Aggregate connectivity figures: households without gigabit, deployment investment."""
    uncovered = _call("connectivity.selectors", ("uncovered_households_by_municipality",))
    invest = _call("connectivity.selectors", ("deployment_investment_by_municipality_year",))
    if uncovered is None and invest is None:
        return []
    total_inv = sum(
        float(v)
        for by_year in (invest or {}).values()
        for y, v in by_year.items()
        if y <= as_of.year
    )
    return [
        (
            _("Households without gigabit (latest year)"),
            formatting.number(sum((uncovered or {}).values()), 0),
        ),
        (_("Deployment investment up to the year"), formatting.money(total_inv)),
    ]


def maturity_aggregates() -> list[dict[str, Any]]:
    """Public aggregates of every campaign per comarca and population band (maturity's own
    aggregates, suppressed under its minimum group size; no individual result)."""
    campaigns = _call("maturity.selectors", ("campaigns",)) or []
    out: list[dict[str, Any]] = []
    for campaign in campaigns:
        for level, fn in (("comarca", "aggregates_by_comarca"), ("band", "aggregates_by_band")):
            for row in _call("maturity.selectors", (fn,), campaign) or []:
                overall = row.get("overall") or {}
                out.append(
                    {
                        "level": level,
                        "code": row.get("code"),
                        "name": row.get("name"),
                        "campaign": _str(_get(campaign, "slug")),
                        "count": row.get("count"),
                        "median": overall.get("median"),
                        "q1": overall.get("q1"),
                        "q3": overall.get("q3"),
                    }
                )
    return out


def connectivity_aggregates() -> list[dict[str, Any]]:
    rows = _call("connectivity.selectors", ("open_data_aggregates", "public_aggregates"))
    return [dict(r) for r in rows] if rows else []


def municipality_connectivity(code: str) -> dict[str, Any] | None:
    """Public coverage figures of one municipality (latest year), or None."""
    value = _call("connectivity.selectors", ("municipality_summary",), code)
    if value is None:
        return None
    keys = (
        "year",
        "households",
        "premises",
        "covered_30",
        "covered_100",
        "covered_1000",
        "households_gigabit",
        "gigabit_share",
    )
    return {k: _get(value, k) for k in keys}


def municipality_adhesions(code: str) -> list[dict[str, Any]]:
    """Services of the catalogue the municipality has adhered to (service name, since)."""
    rows = _call("maturity.selectors", ("adhesions_by_municipality",)) or {}
    return [
        {"service": _str(r.get("service_name")), "since": r.get("since")}
        for r in rows.get(code, [])
    ]


def municipality_projects(code: str) -> list[dict[str, Any]]:
    """Accompaniment projects (name, status, dates only: no notes, no documents, no people)."""
    rows = _call("maturity.selectors", ("projects_by_municipality",)) or {}
    return [
        {
            "name": _str(r.get("name")),
            "status": _str(r.get("status")),
            "status_label": _str(r.get("status_label") or r.get("status")),
            "start_date": r.get("start_date"),
        }
        for r in rows.get(code, [])
    ]


def _stage_label(stage: str) -> str:
    from localret.innovation.models import Pilot

    try:
        return str(Pilot.Stage(stage).label)
    except ValueError:
        return stage


def municipality_pilots(code: str) -> list[dict[str, Any]]:
    """Public pilots the municipality takes part in or adopted."""
    rows = _call(
        "innovation.selectors", ("pilots_by_municipality",), codes=[code], public_only=True
    )
    return [
        {
            "name": _str(_get(r, "name")),
            "status": _str(_get(r, "stage")),
            "status_label": _stage_label(_str(_get(r, "stage"))),
            "start_date": None,
        }
        for r in (rows or {}).get(code, [])
    ]


def municipality_maturity_level(code: str) -> dict[str, Any] | None:
    """Latest validated maturity level of one municipality (the caller checks consent)."""
    rows = _call("maturity.selectors", ("latest_validated_by_municipality",)) or {}
    value = rows.get(code)
    if not value:
        return None
    return {"level": value.get("level"), "campaign": _str(value.get("campaign_name"))}


def maturity_consent_from_maturity(code: str) -> bool | None:
    """If maturity keeps its own publication consent, its answer; otherwise None."""
    value = _call(
        "maturity.selectors", ("publication_consent", "maturity_publication_consent"), code
    )
    return None if value is None else bool(value)


# --------------------------------------------------------------------------- territorial balance

EFFORT_COMPONENTS = ("projects", "adhesions", "deployment", "pilots")


def effort_by_municipality(component: str, year: int | None, as_of: dt.date) -> dict[str, float]:
    """Localret's effort of one kind per municipality (INE code): accompaniment projects
    started, service adhesions made, deployment investment (EUR), pilots (participations and
    adoptions), in ``year`` (or up to ``as_of`` when year is None). Empty when the owning app
    has no such selector."""

    def in_scope(day: Any) -> bool:
        if day is None:
            return year is None
        return day <= as_of and (year is None or day.year == year)

    out: dict[str, float] = {}
    if component == "projects":
        rows = _call("maturity.selectors", ("projects_by_municipality",), as_of=as_of) or {}
        for code, items in rows.items():
            n = sum(1 for r in items if in_scope(r.get("start_date")))
            if n:
                out[code] = float(n)
    elif component == "adhesions":
        rows = _call("maturity.selectors", ("adhesions_by_municipality",), as_of=as_of) or {}
        for code, items in rows.items():
            n = sum(1 for r in items if in_scope(r.get("since")))
            if n:
                out[code] = float(n)
    elif component == "deployment":
        rows = _call("connectivity.selectors", ("deployment_investment_by_municipality_year",))
        for code, by_year in (rows or {}).items():
            total = sum(
                float(v)
                for y, v in by_year.items()
                if y <= as_of.year and (year is None or y == year)
            )
            if total:
                out[code] = total
    elif component == "pilots":
        if year is not None and year != as_of.year:
            return {}  # pilots are counted as they stand (no dated history in the selector)
        rows = _call("innovation.selectors", ("pilots_by_municipality",), public_only=True)
        for code, items in (rows or {}).items():
            if items:
                out[code] = float(len(items))
    return out


def need_by_municipality(kind: str, as_of: dt.date) -> dict[str, float]:
    """Need per municipality: ``maturity_gap`` (100 - overall score of the latest validated
    assessment) or ``uncovered`` (households without gigabit, latest coverage year)."""
    if kind == "maturity_gap":
        rows = _call("maturity.selectors", ("latest_validated_by_municipality",), as_of=as_of)
        return {
            code: max(0.0, 100.0 - float(r["overall"]))
            for code, r in (rows or {}).items()
            if r.get("overall") is not None
        }
    if kind == "uncovered":
        rows = _call("connectivity.selectors", ("uncovered_households_by_municipality",))
        return {code: float(v) for code, v in (rows or {}).items() if v}
    raise ValueError(kind)
