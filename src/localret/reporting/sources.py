"""The adapter between reporting and the apps whose figures it reshapes.

Reporting's pages, Board report and open data read the plan (strategy), maturity,
connectivity and innovation through this module, which imports only those apps' declared
interfaces (``<app>.interface``); no lookup by name, no fallback.

Shapes returned here are plain dicts/lists, normalised, so that templates, the PDF, the XLSX,
the open data and the tests all read the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, NamedTuple

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from localret.connectivity import interface as connectivity
from localret.core import formatting
from localret.innovation import interface as innovation
from localret.maturity import interface as maturity
from localret.strategy import interface as strategy

# --------------------------------------------------------------------------- helpers


def _get(node: Any, key: str, default: Any = None) -> Any:
    if node is None:
        return default
    if isinstance(node, dict):
        return node.get(key, default)
    return getattr(node, key, default)


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
    return strategy.Plan


def plan_get(slug: str) -> Any | None:
    return strategy.Plan.objects.filter(slug=slug).first()


def public_plans() -> list[Any]:
    """Plans the public may see: approved or closed."""
    Plan = strategy.Plan
    return list(
        Plan.objects.filter(status__in=[Plan.Status.APPROVED, Plan.Status.CLOSED]).order_by(
            "-period_start"
        )
    )


def plan_is_public(plan: Any) -> bool:
    return plan is not None and plan.status in ("approved", "closed")


def report_as_of(plan: Any, requested: dt.date | None = None) -> dt.date:
    """The date a Board report shows when ``requested`` is asked for (``None``: today). A
    closed plan is evaluated at its end: a later date (today, by default) is its
    ``period_end``, the date its evaluation page and the transparency portal show it at; the
    report's cover says the date shown. Every way to ask for the report (the page, the job
    API, the download address, the ``board-report`` command) chooses the date here."""
    as_of = requested or timezone.localdate()
    end = getattr(plan, "period_end", None)
    if plan.status == strategy.Plan.Status.CLOSED and end is not None and as_of > end:
        return end
    return as_of


def changes_since(plan: Any, since: dt.date | None, as_of: dt.date) -> list[dict[str, str]]:
    """Nodes of the plan whose status changed between ``since`` (the previous Board meeting)
    and ``as_of``: the two trees of strategy's ``plan_snapshot`` (``plan_tree``'s values, kept
    per data version) compared, so the answer depends on the dates only (reproducible)."""
    if since is None or since >= as_of:
        return []
    after = strategy.plan_snapshot(plan, as_of)
    try:
        before = strategy.plan_snapshot(plan, since)
    except strategy.PlanNotFound:  # the plan did not exist yet at ``since``
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
    Measurement = strategy.Measurement
    direct = "indicator__action_line__objective__plan"
    via = "indicator__initiative__action_line__objective__plan"
    public = ["approved", "closed"]
    qs = Measurement.objects.filter(
        Q(**{f"{direct}__status__in": public}) | Q(**{f"{via}__status__in": public})
    )
    if plan is not None:
        qs = qs.filter(Q(**{direct: plan}) | Q(**{via: plan}))
    # Open data: what the public may read (confidential breakdowns only with consent).
    visible = strategy.visible_measurements(qs, None)
    values = (
        visible.annotate(plan_slug=Coalesce(f"{direct}__slug", f"{via}__slug"))
        .order_by("plan_slug", "indicator__code", "date", "pk")
        .values_list(
            "plan_slug", "indicator__code", "date", "value", "municipality__code", "source"
        )
    )

    def rows() -> Iterator[tuple]:
        for slug, code, day, value, muni, source in values.iterator(chunk_size=2000):
            yield slug, code, day, value, muni or "", source or ""

    return rows()


# --------------------------------------------------------------------------- other apps


class Figure(NamedTuple):
    """One figure of the report's summaries: its label, the text people read (the report's
    language) and the value itself (the spreadsheet's number; ``percent``: a ratio 0-1,
    ``money``: euros)."""

    label: str
    text: str
    value: float | None
    kind: str = "number"  # "number", "percent" or "money"


def maturity_summary(as_of: dt.date) -> list[Figure]:
    """Aggregate maturity figures at ``as_of`` (no individual result)."""
    rows = maturity.latest_validated_by_municipality(as_of=as_of)
    if not rows:
        return []
    overall = [float(r["overall"]) for r in rows.values() if r.get("overall") is not None]
    level3 = sum(1 for r in rows.values() if (r.get("level") or 0) >= 3)
    mean = sum(overall) / len(overall) if overall else None
    return [
        Figure(
            _("Municipalities with a validated assessment"),
            formatting.number(len(rows)),
            len(rows),
        ),
        Figure(
            _("Mean overall score (0-100)"),
            formatting.number(mean, 1) if mean is not None else "—",
            round(mean, 1) if mean is not None else None,
        ),
        Figure(
            _("Share at level 3 or above"),
            formatting.percent(level3 / len(rows), 1),
            level3 / len(rows),
            "percent",
        ),
    ]


def connectivity_summary(as_of: dt.date) -> list[Figure]:
    """Aggregate connectivity figures: households without gigabit, deployment investment."""
    uncovered = connectivity.uncovered_households_by_municipality()
    invest = connectivity.deployment_investment_by_municipality_year()
    if uncovered is None and invest is None:
        return []
    total_inv = sum(
        float(v)
        for by_year in (invest or {}).values()
        for y, v in by_year.items()
        if y <= as_of.year
    )
    households = sum((uncovered or {}).values())
    return [
        Figure(
            _("Households without gigabit (latest year)"),
            formatting.number(households, 0),
            households,
        ),
        Figure(
            _("Deployment investment up to the year"),
            formatting.money(total_inv),
            total_inv,
            "money",
        ),
    ]


def maturity_aggregates() -> list[dict[str, Any]]:
    """Public aggregates of every campaign per comarca and population band (maturity's own
    aggregates, suppressed under its minimum group size; no individual result)."""
    out: list[dict[str, Any]] = []
    for campaign in maturity.campaigns():
        for level, aggregates in (
            ("comarca", maturity.aggregates_by_comarca),
            ("band", maturity.aggregates_by_band),
        ):
            for row in aggregates(campaign):
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
    return [dict(r) for r in connectivity.open_data_aggregates()]


def municipality_connectivity(code: str) -> dict[str, Any] | None:
    """Public coverage figures of one municipality (latest year), or None."""
    value = connectivity.municipality_summary(code)
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
    rows = maturity.adhesions_by_municipality()
    return [
        {"service": _str(r.get("service_name")), "since": r.get("since")}
        for r in rows.get(code, [])
    ]


def municipality_projects(code: str) -> list[dict[str, Any]]:
    """Accompaniment projects (name, status, dates only: no notes, no documents, no people)."""
    rows = maturity.projects_by_municipality()
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
    try:
        return str(innovation.Pilot.Stage(stage).label)
    except ValueError:
        return stage


def municipality_pilots(code: str) -> list[dict[str, Any]]:
    """Public pilots the municipality takes part in or adopted."""
    rows = innovation.pilots_by_municipality(codes=[code], public_only=True)
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
    rows = maturity.latest_validated_by_municipality()
    value = rows.get(code)
    if not value:
        return None
    return {"level": value.get("level"), "campaign": _str(value.get("campaign_name"))}


# --------------------------------------------------------------------------- territorial balance

EFFORT_COMPONENTS = ("projects", "adhesions", "deployment", "pilots")


def effort_by_municipality(component: str, year: int | None, as_of: dt.date) -> dict[str, float]:
    """Localret's effort of one kind per municipality (INE code): accompaniment projects
    started, service adhesions made, deployment investment (EUR), pilots (participations and
    adoptions), in ``year`` (or up to ``as_of`` when year is None). Empty when the owning app
    has nothing for it."""

    def in_scope(day: Any) -> bool:
        if day is None:
            return year is None
        return day <= as_of and (year is None or day.year == year)

    out: dict[str, float] = {}
    if component == "projects":
        for code, items in maturity.projects_by_municipality(as_of=as_of).items():
            n = sum(1 for r in items if in_scope(r.get("start_date")))
            if n:
                out[code] = float(n)
    elif component == "adhesions":
        for code, items in maturity.adhesions_by_municipality(as_of=as_of).items():
            n = sum(1 for r in items if in_scope(r.get("since")))
            if n:
                out[code] = float(n)
    elif component == "deployment":
        investment = connectivity.deployment_investment_by_municipality_year()
        for code, by_year in investment.items():
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
        pilots = innovation.pilots_by_municipality(public_only=True)
        for code, refs in pilots.items():
            if refs:
                out[code] = float(len(refs))
    return out


def need_by_municipality(kind: str, as_of: dt.date) -> dict[str, float]:
    """Need per municipality: ``maturity_gap`` (100 - overall score of the latest validated
    assessment) or ``uncovered`` (households without gigabit, latest coverage year)."""
    if kind == "maturity_gap":
        rows = maturity.latest_validated_by_municipality(as_of=as_of)
        return {
            code: max(0.0, 100.0 - float(r["overall"]))
            for code, r in rows.items()
            if r.get("overall") is not None
        }
    if kind == "uncovered":
        uncovered = connectivity.uncovered_households_by_municipality()
        return {code: float(v) for code, v in uncovered.items() if v}
    raise ValueError(kind)
