"""Population bands used for peer groups everywhere (pure, no Django import).

The bands of the Catalan local digital-maturity rankings: 1-500, 501-1,000, 1,001-5,000,
5,001-20,000, 20,001-50,000 and over 50,000 inhabitants. A boundary value belongs to the lower
band (500 is in 1-500, 501 in 501-1,000).
"""

from __future__ import annotations

from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator


class Band(NamedTuple):
    code: str
    low: int
    high: int | None  # inclusive; None = no upper bound
    label: str


BANDS: tuple[Band, ...] = (
    Band("1-500", 1, 500, "1–500"),
    Band("501-1000", 501, 1000, "501–1.000"),
    Band("1001-5000", 1001, 5000, "1.001–5.000"),
    Band("5001-20000", 5001, 20000, "5.001–20.000"),
    Band("20001-50000", 20001, 50000, "20.001–50.000"),
    Band("50001+", 50001, None, "> 50.000"),
)
BAND_CODES: tuple[str, ...] = tuple(b.code for b in BANDS)


def band_for(population: int | None) -> str | None:
    """The band code for a population, or None when unknown. 0 goes to the first band."""
    if population is None:
        return None
    for band in BANDS:
        if band.high is None or population <= band.high:
            return band.code
    raise AssertionError("unreachable")


def band_from_query(value: str) -> str:
    """A band code as it arrives in a query string, tidied: surrounding spaces removed, and
    ``50001+`` sent unencoded (its ``+`` decoded as a space: ``"50001 "``) read as ``50001+``.
    Anything else is returned stripped, for the caller to refuse when it is not a code."""
    code = value.strip()
    if code not in BAND_CODES and value.rstrip("+ ") != value and f"{code}+" in BAND_CODES:
        return f"{code}+"
    return code


def band_label(code: str) -> str:
    """The band as people read it, in the active language's figures: ``5.001–20.000``, ``més
    de 50.000`` (``5,001–20,000``, ``more than 50,000`` in English). An unknown code is
    returned as it is."""
    from django.utils.translation import gettext

    from localret.core.formatting import number

    band = next((b for b in BANDS if b.code == code), None)
    if band is None:
        return code
    if band.high is None:
        return gettext("more than %(n)s") % {"n": number(band.low - 1)}
    return f"{number(band.low)}–{number(band.high)}"


def band_index(code: str) -> int:
    return BAND_CODES.index(code)


def _tidy_band(value: Any) -> Any:
    return band_from_query(value) if isinstance(value, str) else value


# The one type for a population band in a query (every endpoint that takes one uses it): sent
# empty it is "", ``50001+`` sent unencoded ("50001 ") is read as ``50001+``.
QueryBand = Annotated[str, BeforeValidator(_tidy_band)]
