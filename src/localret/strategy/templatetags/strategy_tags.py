"""Template helpers of the strategic plan: status labels, percentages, numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext_lazy as _

register = template.Library()

STATUS_LABELS = {
    "achieved": _("Achieved"),
    "on_track": _("On track"),
    "at_risk": _("At risk"),
    "off_track": _("Off track"),
    "no_data": _("No data"),
    "not_started": _("Not started"),
}
PLAN_STATUS_LABELS = {
    "draft": _("Draft"),
    "approved": _("Approved"),
    "closed": _("Closed"),
}
ACTION_LABELS = {
    "create": _("new"),
    "update": _("changed"),
    "unchanged": _("unchanged"),
    "+": _("created"),
    "~": _("changed"),
    "-": _("deleted"),
}
KIND_LABELS = {
    "plan": _("Plan"),
    "objective": _("Strategic objective"),
    "action_line": _("Action line"),
    "initiative": _("Initiative"),
    "indicator": _("Indicator"),
}


@register.filter
def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status or "", status or "—"))


@register.filter
def plan_status_label(status: str | None) -> str:
    return str(PLAN_STATUS_LABELS.get(status or "", status or ""))


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@register.filter
def pct(value: float | None) -> str:
    """0.734 -> "73 %"; None -> "—"."""
    if value is None:
        return "—"
    return f"{round(value * 100)} %"


@register.filter
def width(value: float | None) -> int:
    return 0 if value is None else max(0, min(100, round(value * 100)))


@register.filter
def num(value: Any) -> str:
    """A number for people: up to 2 decimals, no trailing zeros."""
    if value is None or value == "":
        return "—"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    # In the page's language (Catalan 1.022,23), as the measurement form reads it (issue 14).
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text), use_l10n=True, force_grouping=True)


@register.inclusion_tag("strategy/_status.html")
def status_badge(status: str | None) -> dict[str, Any]:
    return {"status": status or "no_data", "label": status_label(status)}


@register.inclusion_tag("strategy/_progress.html")
def progress_bar(node: Any) -> dict[str, Any]:
    return {
        "progress": getattr(node, "progress", None),
        "expected": getattr(node, "expected_progress", None),
    }
