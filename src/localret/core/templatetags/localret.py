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


@register.filter(expects_localtime=True)
def shortdate(value: dt.date | dt.datetime | None) -> str:
    """``30/11/2026``: a date in a table or list."""
    return formatting.date_short(value)


@register.filter(expects_localtime=True)
def shortdatetime(value: dt.datetime | None) -> str:
    """``30/11/2026 9:05`` on the local clock: a moment in a table or list."""
    return formatting.datetime_short(value)


@register.filter(expects_localtime=True)
def longdate(value: dt.date | dt.datetime | None) -> str:
    """``30 de novembre de 2026``: a date in a sentence."""
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


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> str:
    """``{% main_menu %}``: the links of the main menu, which depend only on the language and
    the viewer's role (the context processor's flags), so they are rendered once per language,
    day and kind of viewer (core/fragments.py; they read no data) instead of reversing a dozen
    URLs and translating their labels on every request. Nothing of one visitor is in them."""
    from localret.core.fragments import fragment

    user = context.get("user")
    flags = {
        "internal": bool(context.get("user_can_read_internal")),
        "consultations": bool(
            context.get("user_can_read_internal") or context.get("user_is_collaborator")
        ),
        "requests": bool(
            context.get("user_is_staff_member") or getattr(user, "role", None) == "municipal"
        ),
    }
    return fragment(
        "core:main-menu",
        template="core/_main_menu.html",
        reads=(),
        context=lambda: flags,
        parts=tuple(flags.values()),
    )
