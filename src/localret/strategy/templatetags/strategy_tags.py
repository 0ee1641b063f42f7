"""Template helpers of the strategic plan: status labels, percentages, numbers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from localret.core import formatting
from localret.strategy.labels import ProgressStatus
from localret.strategy.labels import status_label as _status_label

register = template.Library()

STATUS_LABELS = {s.value: s.label for s in ProgressStatus}
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
    return _status_label(status) if status else "—"


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
    return formatting.percent(value)


@register.filter
def width(value: float | None) -> int:
    return 0 if value is None else max(0, min(100, round(value * 100)))


@register.filter
def num(value: Any) -> str:
    """A number for people: up to 2 decimals, no trailing zeros, in the page's language."""
    return formatting.number(value)


@register.inclusion_tag("strategy/_status.html")
def status_badge(status: str | None) -> dict[str, Any]:
    return {"status": status or "no_data", "label": status_label(status)}


@register.inclusion_tag("strategy/_progress.html")
def progress_bar(node: Any) -> dict[str, Any]:
    return {
        "progress": getattr(node, "progress", None),
        "expected": getattr(node, "expected_progress", None),
    }


@register.filter
def computed_source(value: Any) -> str:
    """A computed indicator's key (``innovation.pilots_run``), or the source note its
    measurements carry (``computed: innovation.pilots_run``), as people read it: the label of
    the platform figure it is computed from. Any other text is returned as it is."""
    from localret.strategy import computed

    text = str(value or "")
    key = text.removeprefix("computed: ")
    entry = computed.get(key)
    if entry is None:
        return text
    if key == text:
        return str(entry.label)
    return f"{_('Computed from')}: {entry.label}"
