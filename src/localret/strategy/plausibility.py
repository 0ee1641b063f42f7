"""What a measurement's value may be (pure Python, no Django).

- Precision: any finite number is accepted and kept to ``DECIMALS`` decimal places (rounded
  half to even beyond that), never refused for its number of decimals.
- Range: each indicator has a plausible range. Without one set by staff it follows from the
  unit: a share (``%``) lies in 0-100, a count of municipalities in 0-947, other counts
  (ajuntaments, persones, pilots...) are non-negative integers, amounts (hores, EUR) are
  non-negative, and a unit naming its scale ("punts (0-10)") lies in that scale. Staff widen it
  per indicator (a budget execution may pass 100 %). A value outside it is refused.
- Jump: a value far from the indicator's series is accepted with a warning, so that whoever
  enters it confirms it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

DECIMALS = 8
QUANTUM = Decimal(1).scaleb(-DECIMALS)
LIMIT = Decimal("1e15")  # DecimalField(24, 8): 16 digits before the point
MUNICIPALITIES = 947  # municipalities of Catalonia

_MUNICIPAL_UNITS = ("municipi", "ajuntament", "municipalit", "ayuntamiento", "town council")
_COUNT_UNITS = (
    "nombre",
    "número",
    "count",
    "number",
    "tràmit",
    "persones",
    "persona",
    "people",
    "pilot",
    "conjunt",
    "equipament",
    "incident",
    "servei",
    "projecte",
    "acord",
    "unitat",
    "units",
    "llars",
    "households",
)
_AMOUNT_UNITS = ("hor", "eur", "€", "dies", "days", "minut", "km", "mbps", "gbps")
_SCALE = re.compile(r"\(\s*(-?\d+(?:[.,]\d+)?)\s*[-–]\s*(-?\d+(?:[.,]\d+)?)\s*\)")


class InvalidValue(ValueError):
    """A value that cannot be a measurement, with the reason."""


@dataclass(frozen=True)
class Range:
    low: Decimal | None
    high: Decimal | None
    integer: bool = False

    def describe(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        if self.low is not None and self.high is not None:
            return f"{kind} from {_plain(self.low)} to {_plain(self.high)}"
        if self.low is not None:
            return f"{kind} of at least {_plain(self.low)}"
        if self.high is not None:
            return f"{kind} of at most {_plain(self.high)}"
        return kind


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def normalize(value: object) -> Decimal:
    """The value as a Decimal kept to ``DECIMALS`` places. Accepts Decimal, int, float and
    decimal text ("12,5" too); refuses what is not a finite number or is too large."""
    if isinstance(value, bool):
        raise InvalidValue("must be a number")
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, str):
            number = Decimal(value.strip().replace(",", "."))
        else:
            number = Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise InvalidValue("must be a number") from exc
    if not number.is_finite():
        raise InvalidValue("must be a finite number")
    if abs(number) >= LIMIT:
        raise InvalidValue("is too large")
    return number.quantize(QUANTUM, rounding=ROUND_HALF_EVEN)


def counts_municipalities(unit: str) -> bool:
    """Whether the unit counts municipalities or town halls (``municipis``, ``% de municipis``,
    ``ajuntaments``): one municipality's value of such an indicator is only whether it counts
    (1 or 0), not a figure of its own."""
    text = (unit or "").strip().lower()
    return any(word in text for word in _MUNICIPAL_UNITS) and "/" not in text


def default_range(unit: str) -> Range:
    """The plausible range that follows from an indicator's unit."""
    text = (unit or "").strip().lower()
    if not text:
        return Range(None, None)
    scale = _SCALE.search(text)
    if scale:
        low, high = (Decimal(g.replace(",", ".")) for g in scale.groups())
        return Range(min(low, high), max(low, high))
    if "%" in text or "percent" in text or "per cent" in text or "percentatge" in text:
        return Range(Decimal(0), Decimal(100))
    if any(word in text for word in _MUNICIPAL_UNITS) and "/" not in text:
        return Range(Decimal(0), Decimal(MUNICIPALITIES), integer=True)
    if "/" in text:  # a rate (EUR/usuari, incidents/any): non-negative, not a count
        return Range(Decimal(0), None)
    if any(word in text for word in _COUNT_UNITS):
        return Range(Decimal(0), None, integer=True)
    if any(word in text for word in _AMOUNT_UNITS):
        return Range(Decimal(0), None)
    return Range(None, None)


def effective_range(unit: str, low: Decimal | None, high: Decimal | None) -> Range:
    """The unit's range, with the bounds staff set for the indicator taking its place."""
    base = default_range(unit)
    return Range(
        low if low is not None else base.low,
        high if high is not None else base.high,
        base.integer,
    )


def check(value: Decimal, allowed: Range) -> str | None:
    """Why ``value`` cannot be, or None when it is plausible."""
    if allowed.integer and value != value.to_integral_value():
        return f"must be {allowed.describe()}"
    if allowed.low is not None and value < allowed.low:
        return f"must be {allowed.describe()}"
    if allowed.high is not None and value > allowed.high:
        return f"must be {allowed.describe()}"
    return None


def jump(value: float, series: list[float]) -> str | None:
    """A warning when ``value`` lies far from the series (earlier values, in date order):
    more than three times the largest step seen so far away from the last value, and at least
    half of the last value; with a single earlier value, ten times more or less."""
    if not series:
        return None
    last = series[-1]
    change = abs(value - last)
    if change == 0:
        return None
    if len(series) >= 2:
        steps = [abs(b - a) for a, b in zip(series, series[1:], strict=False)]
        largest = max(steps)
        if change > 3 * largest and change >= 0.5 * max(abs(last), 1e-9):
            return (
                f"{value:g} is far from the series (last value {last:g}, largest change so far "
                f"{largest:g}); check it"
            )
        return None
    if last != 0 and (abs(value) > 10 * abs(last) or abs(value) < abs(last) / 10):
        return f"{value:g} is more than ten times away from the last value {last:g}; check it"
    return None
