"""Computed indicators of Objective 3 for the strategic plan (registered in apps.py)."""

from __future__ import annotations

import datetime as dt

from localret.strategy.interface import ComputedValue

from . import selectors


def gigabit_share(as_of: dt.date) -> ComputedValue:
    """Share (0-1) of households reached by a gigabit network (EU 2023 target)."""
    year = selectors.year_for(as_of)
    if year is None:
        return ComputedValue(None)
    table = selectors.gap_table("municipality", year)
    total = table["totals"]
    by_municipality = {
        r["key"]: round(r["gigabit_share"], 4)
        for r in table["rows"]
        if r["gigabit_share"] is not None
    }
    value = total.gigabit_share if total is not None else None
    return ComputedValue(round(value, 4) if value is not None else None, by_municipality)


def white_households(as_of: dt.date) -> ComputedValue:
    """Households in NGA white areas (no network of at least 30 Mbps)."""
    year = selectors.year_for(as_of)
    if year is None:
        return ComputedValue(None)
    table = selectors.gap_table("municipality", year)
    by_municipality = {r["key"]: float(r["white_households"]) for r in table["rows"]}
    return ComputedValue(float(sum(by_municipality.values())), by_municipality)


def premises_passed(as_of: dt.date) -> ComputedValue:
    """Premises passed by deployments by ``as_of``."""
    by_municipality = {
        k: float(v) for k, v in selectors.premises_passed_by_municipality(as_of).items()
    }
    return ComputedValue(float(sum(by_municipality.values())), by_municipality)


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    from localret.strategy.interface import register_computed as register

    register(
        key="connectivity.gigabit_share",
        label=_("Share of households with a gigabit network"),  # type: ignore[arg-type]
        unit=_("share"),  # type: ignore[arg-type]
        compute=gigabit_share,
        aggregation="share",
    )
    register(
        key="connectivity.white_households",
        label=_("Households in white areas (no network of 30 Mbps)"),  # type: ignore[arg-type]
        unit=_("households"),  # type: ignore[arg-type]
        compute=white_households,
        aggregation="sum",
    )
    register(
        key="connectivity.premises_passed",
        label=_("Premises passed by deployments"),  # type: ignore[arg-type]
        unit=_("premises"),  # type: ignore[arg-type]
        compute=premises_passed,
        aggregation="sum",
    )
