from __future__ import annotations

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


@register.filter
def snapshot_value(value: Any) -> Any:
    """A snapshot value for people: element keys become labels, numbers are localised."""
    from localret.core import formatting

    if isinstance(value, str) and value.split(":", 1)[0] in _element_kinds():
        return element_label(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return formatting.number(value)
    return value


SNAPSHOT_FIELDS = {
    "parent": _("Belongs to"),
    "type": _("Kind"),
}
