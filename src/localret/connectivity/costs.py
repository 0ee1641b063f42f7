"""Cost model to connect an area with FTTH: euros per premise by settlement type. Pure.

Defaults (sources in docs/connectivity.md, "Cost model"):

- nucleus: 400 EUR/premise. UNICO-Banda Ancha 2021 (final resolution, December 2021):
  479.4 M EUR of public and private investment for 1,265,967 premises, about 379 EUR/premise.
- scattered: 1,200 EUR/premise (range 900-1,500). UNICO-Banda Ancha 2022 call: 250 M EUR of
  aid at up to 80 % intensity (more than 312 M EUR of investment) for at least 316,500
  premises, mostly in white areas: about 990 EUR/premise on average, and 740-1,050 EUR/premise in
  the Castilla-La Mancha lots; the most dispersed premises cost more.
- industrial: 600 EUR/premise (between the two; UNICO-Industria y Empresas targets estates).

Staff may override the cost per premise of any area (``Area.cost_per_premise_override``) or the
cost of a candidate (``Candidate.cost_override_eur``).
"""

from __future__ import annotations

from decimal import Decimal

COST_PER_PREMISE_EUR: dict[str, Decimal] = {
    "nucleus": Decimal("400"),
    "scattered": Decimal("1200"),
    "industrial": Decimal("600"),
}
SCATTERED_RANGE_EUR = (Decimal("900"), Decimal("1500"))


def cost_per_premise(settlement: str, override: Decimal | None = None) -> Decimal:
    if override is not None:
        if override < 0:
            raise ValueError("a cost cannot be negative")
        return override
    try:
        return COST_PER_PREMISE_EUR[settlement]
    except KeyError:
        raise ValueError(f"unknown settlement type {settlement!r}") from None


def area_cost(premises: int, settlement: str, override: Decimal | None = None) -> Decimal:
    """Cost to connect ``premises`` uncovered premises of an area, in euros (2 decimals)."""
    if premises < 0:
        raise ValueError("premises cannot be negative")
    return (cost_per_premise(settlement, override) * premises).quantize(Decimal("0.01"))
