"""``{% load localret %}``: figures and dates for people in the page's language, and Catalan
grammar for names put into sentences (see ``core/formatting.py`` and ``core/catalan.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from localret.core import catalan as grammar
from localret.core import formatting

register = template.Library()


@register.filter
def num(value: Any, decimals: Any = None) -> str:
    """``{{ x|num }}`` up to two decimals; ``{{ x|num:1 }}`` exactly one."""
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value: Any, decimals: Any = 0) -> str:
    """A ratio (0.453) as a percentage: ``|percent`` -> ``45 %``, ``|percent:1`` -> ``45,3 %``."""
    return formatting.percent(value, int(decimals or 0))


@register.filter
def percent_value(value: Any, decimals: Any = 0) -> str:
    """A value already in percent (45.3) -> ``45 %`` / ``45,3 %``."""
    return formatting.percent(value, int(decimals or 0), ratio=False)


@register.filter
def money(value: Any, decimals: Any = 0) -> str:
    return formatting.money(value, int(decimals or 0))


@register.filter
def shortdate(value: dt.date | dt.datetime | None) -> str:
    return formatting.date_short(value)


@register.filter
def longdate(value: dt.date | dt.datetime | None) -> str:
    return formatting.date_long(value)


@register.filter(is_safe=True)
def de(value: Any) -> str:
    """Catalan ``de`` before a name, elided or contracted: ``d'OE4``, ``de l'Hospitalet``."""
    return grammar.de(str(value))


@register.filter(is_safe=True)
def a(value: Any) -> str:
    return grammar.a(str(value))


@register.filter(is_safe=True)
def catalan(value: Any) -> str:
    """A generated sentence with Catalan elision/contraction (only when the page is Catalan):
    ``{% blocktranslate asvar t %}...{% endblocktranslate %}{{ t|catalan }}``."""
    return formatting.sentence(str(value))


@register.filter
def band(value: Any) -> str:
    """A population band code (``5001-20000``, ``50001+``) as people read it: ``5.001–20.000``,
    ``més de 50.000``."""
    from localret.territory.bands import band_label

    return band_label(str(value or ""))
