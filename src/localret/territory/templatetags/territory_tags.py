"""Template filters of the register: ``{% load territory_tags %}``."""

from __future__ import annotations

from typing import Any

from django import template

from localret.territory.bands import band_label

register = template.Library()


@register.filter
def band(value: Any) -> str:
    """A population band code (``5001-20000``, ``50001+``) as people read it: ``5.001–20.000``,
    ``més de 50.000``."""
    return band_label(str(value or ""))
