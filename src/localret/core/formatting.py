"""Numbers and dates for people, in the active language (Catalan ``1.022,23``, ``45,3 %``,
``3.500.000 €``, ``30/11/2026``, ``30/11/2026 9:05`` on the local clock; English ``1,022.23``,
``45.3%``... ). One place, used by the templates (``{% load localret %}``), the Board report
(PDF, XLSX headings) and messages.

Django's own localisation does the work (``number_format`` with the language's separators,
``date_format`` with its formats); grouping is always on here, whatever
``USE_THOUSAND_SEPARATOR`` says, because these helpers are only called for figures people read.
The JSON API never goes through them: it stays locale-free.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import formats, timezone, translation

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
DASH = "—"


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _english() -> bool:
    return (translation.get_language() or "ca").split("-")[0] == "en"


def number(value: Any, decimals: int | None = None, *, max_decimals: int = 2) -> str:
    """A figure with the language's separators.

    ``decimals`` fixes the number of decimals; without it, up to ``max_decimals`` are shown and
    trailing zeros dropped (``1754.35`` -> ``1.754,35``, ``12.0`` -> ``12``). ``None`` -> ``—``;
    anything that is not a number is returned as text."""
    d = _to_decimal(value)
    if d is None:
        return DASH if value is None or value == "" else str(value)
    if decimals is None:
        d = d.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP).normalize()
        places = max(0, -d.as_tuple().exponent)  # type: ignore[operator]
    else:
        places = decimals
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = formats.number_format(d, decimal_pos=places, use_l10n=True, force_grouping=True)
    return "0" if text in ("-0", "-0,0", "-0.0") else text


def percent(value: Any, decimals: int = 0, *, ratio: bool = True) -> str:
    """A percentage: ``0.453`` -> ``45 %`` (``decimals=1``: ``45,3 %``); with ``ratio=False``
    the value is already in percent. A non-breaking space before ``%`` except in English."""
    d = _to_decimal(value)
    if d is None:
        return DASH
    if ratio:
        d *= 100
    text = number(d, decimals)
    return f"{text}%" if _english() else f"{text}{NBSP}%"


def money(value: Any, decimals: int = 0) -> str:
    """An amount in euros: ``3500000`` -> ``3.500.000 €`` (English ``€3,500,000``)."""
    d = _to_decimal(value)
    if d is None:
        return DASH
    text = number(d, decimals)
    if _english():
        return f"-€{text[1:]}" if text.startswith("-") else f"€{text}"
    return f"{text}{NBSP}€"


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    """An aware datetime in the installation's time zone (``TIME_ZONE``, Europe/Madrid): the
    database keeps UTC, people read their own clock. Dates and naive datetimes unchanged."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date_short(value: dt.date | dt.datetime | None) -> str:
    """A date in a table: ``30/11/2026`` (Catalan, Spanish), ``11/30/2026`` (English)."""
    if value is None or value == "":
        return DASH
    return formats.date_format(_local(value), "SHORT_DATE_FORMAT", use_l10n=True)


def datetime_short(value: dt.datetime | None) -> str:
    """A moment in a table, on the local clock: ``30/11/2026 9:05`` (Catalan), ``30/11/2026
    09:05`` (Spanish), ``11/30/2026 9:05 a.m.`` (English)."""
    if value is None or value == "":
        return DASH
    return formats.date_format(_local(value), "SHORT_DATETIME_FORMAT", use_l10n=True)


def date_long(value: dt.date | dt.datetime | None) -> str:
    """A date in a sentence: ``30 de novembre de 2026``, ``30 de noviembre de 2026``,
    ``Nov. 30, 2026``. After an article, a Catalan sentence goes through :func:`sentence`
    (``el 1 de març`` -> ``l'1 de març``)."""
    if value is None or value == "":
        return DASH
    value = _local(value)
    if (translation.get_language() or "ca").split("-")[0] == "ca":
        from localret.core import catalan

        month = formats.date_format(value, "F", use_l10n=True).lower()
        return f"{value.day} {catalan.de(month)} de {value.year}"
    if (translation.get_language() or "").startswith("es"):
        return formats.date_format(value, r"j \d\e F \d\e Y", use_l10n=True).lower()
    return formats.date_format(value, "N j, Y", use_l10n=True)


def choice_label(choices: type[models.TextChoices], code: str | None) -> str:
    """The label of ``code`` in ``choices``; "—" for none, the code itself if unknown."""
    if not code:
        return DASH
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def sentence(text: str) -> str:
    """A generated sentence with Catalan elision and contraction when the page is in Catalan
    ("Fites de OE4" -> "Fites d'OE4"); other languages unchanged."""
    from localret.core import catalan

    if (translation.get_language() or "ca").split("-")[0] == "ca":
        return catalan.fix(text)
    return text
