from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


def _element_kinds() -> dict[str, Any]:
    from localret.strategy.interface import KIND_LABELS

    return {**KIND_LABELS, "value": _("Value")}


@register.filter
def element_label(key: Any) -> str:
    """A plan element's key as people read it: ``action_line:1.2`` -> "Línia d'actuació 1.2",
    ``plan`` -> "Pla"."""
    if not isinstance(key, str) or not key:
        return "—" if key in (None, "") else str(key)
    kind, _sep, ref = key.partition(":")
    label = _element_kinds().get(kind)
    if label is None:
        return key
    return f"{label} {ref}".strip()


@register.filter
def field_label(field: Any) -> str:
    """A snapshot field's label: the strategy model field's verbose name ("parent" -> "Forma
    part de"); never the internal name."""
    from django.core.exceptions import FieldDoesNotExist

    from localret.strategy.interface import ActionLine, Indicator, Initiative, Plan
    from localret.strategy.interface import StrategicObjective as Objective

    name = str(field)
    if name in SNAPSHOT_FIELDS:
        return str(SNAPSHOT_FIELDS[name])
    for model in (Plan, Objective, ActionLine, Initiative, Indicator):
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        verbose = getattr(f, "verbose_name", None)
        if verbose:
            text = str(verbose)
            return text[:1].upper() + text[1:]
    return name.replace("_", " ").capitalize()


# A snapshot keeps dates as ISO text (2021-01-29) and decimals as text ("180000", "0.25"): the
# JSON of a version stays locale-free; people read them as 29/01/2021 and 180.000.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
# Fields whose values are not prose: shown before -> after, never as word marks.
_NOT_PROSE = {"parent", "type"}


def _is_figure(field: str, value: Any) -> bool:
    return isinstance(value, str) and field != "code" and bool(_DECIMAL.fullmatch(value))


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and bool(_ISO_DATE.fullmatch(value))


@register.filter
def snapshot_value(value: Any, field: str = "") -> Any:
    """A snapshot value for people: element keys become labels, numbers and dates are localised
    (``{{ f.after|snapshot_value:f.field }}``; a ``code`` is never read as a number)."""
    from localret.core import formatting

    if isinstance(value, str) and value.split(":", 1)[0] in _element_kinds():
        return element_label(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float) or _is_figure(str(field), value):
        return formatting.number(value)
    if _is_date(value):
        return formatting.date_short(dt.date.fromisoformat(value))
    return value


@register.filter
def text_marks(row: dict[str, Any]) -> list[tuple[str, str]] | None:
    """The word marks of a changed field of prose; ``None`` for a key, a date or a figure,
    which read before -> after through :func:`snapshot_value`."""
    field = str(row.get("field", ""))
    if field in _NOT_PROSE or not row.get("marks"):
        return None
    values = (row.get("before"), row.get("after"))
    if any(_is_date(v) or _is_figure(field, v) for v in values):
        return None
    return row["marks"]


SNAPSHOT_FIELDS = {
    "parent": _("Belongs to"),
    "type": _("Kind"),
}
