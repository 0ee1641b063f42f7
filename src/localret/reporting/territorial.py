"""Territorial balance of Localret's effort across comarques and vegueries (reads only; the
indices are the pure functions of ``balance``). Method: docs/territorial-balance.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

from localret.core import disclosure
from localret.strategy.interface import ComputedValue

from . import balance, sources

LEVELS = ("comarca", "vegueria")
BASES = ("population", "maturity_gap", "uncovered")
FIRST_YEAR = 2020


def _regions(level: str) -> tuple[dict[str, tuple[str, str, str]], dict[str, dict[str, Any]]]:
    """municipality code -> (region code, region name, parent group); region info."""
    from localret.territory.interface import Municipality

    rows = Municipality.objects.values_list(
        "code",
        "population",
        "comarca__code",
        "comarca__name",
        "comarca__vegueria__code",
        "comarca__vegueria__name",
    ).order_by("code")
    where: dict[str, tuple[str, str, str]] = {}
    regions: dict[str, dict[str, Any]] = {}
    for code, pop, c_code, c_name, v_code, v_name in rows:
        key, name, group = (c_code, c_name, v_code) if level == "comarca" else (v_code, v_name, "")
        where[code] = (key, name, group)
        info = regions.setdefault(key, {"code": key, "name": name, "group": group, "population": 0})
        info["population"] += pop or 0
    return where, regions


# A reference built from assessment results (100 - score, summed per region) describes each
# assessed municipality: a region's figure is published only under disclosure control.
CONFIDENTIAL_BASES = ("maturity_gap",)


def _suppressed_regions(contributors: dict[str, int], keys: list[str]) -> frozenset[str]:
    """Regions whose reference would describe too few municipalities, or give such a region
    back from the others and the total (the shares add up to 1)."""
    from localret.maturity.interface import min_group

    cells: dict[tuple[Any, Any], int] = {(k, "n"): contributors.get(k, 0) for k in keys}
    suppressed = disclosure.protect_table(
        cells, keys, ["n"], min_group=min_group(), keep=[disclosure.TOTAL]
    )
    return frozenset(k for k in keys if disclosure.row_key(k) in suppressed)


def compute(
    *,
    level: str = "comarca",
    year: int | None = None,
    basis: str = "population",
    as_of: dt.date,
    components: dict[str, dict[str, float]] | None = None,
) -> dict[str, Any]:
    """Effort per region against the reference, with the Theil and Gini indices (None when
    there is no effort at all, or no reference)."""
    if level not in LEVELS:
        raise ValueError("level")
    if basis not in BASES:
        raise ValueError("basis")
    where, regions = _regions(level)
    if components is None:
        components = {
            c: sources.effort_by_municipality(c, year, as_of) for c in sources.EFFORT_COMPONENTS
        }
    by_region_components: dict[str, dict[str, float]] = {}
    for name, per_muni in components.items():
        agg: dict[str, float] = {}
        for code, amount in per_muni.items():
            if code in where:
                agg[where[code][0]] = agg.get(where[code][0], 0.0) + amount
        by_region_components[name] = agg
    effort = balance.combine_components(by_region_components)
    if basis == "population":
        reference = {k: float(v["population"]) for k, v in regions.items()}
    hidden: frozenset[str] = frozenset()
    if basis != "population":
        need = sources.need_by_municipality(basis, as_of)
        reference = {}
        contributors: dict[str, int] = {}
        for code, amount in need.items():
            if code in where:
                reference[where[code][0]] = reference.get(where[code][0], 0.0) + amount
                contributors[where[code][0]] = contributors.get(where[code][0], 0) + 1
        if basis in CONFIDENTIAL_BASES:
            hidden = _suppressed_regions(contributors, sorted(regions))
    keys = sorted(regions)
    e = [effort.get(k, 0.0) for k in keys]
    r = [reference.get(k, 0.0) for k in keys]
    theil = gini = between = None
    if sum(e) > 0 and sum(r) > 0:
        try:
            theil = balance.theil(e, r)
            gini = balance.gini(e, r)
            if level == "comarca":
                between = balance.theil_decomposition(
                    e, r, [regions[k]["group"] for k in keys]
                ).between
        except balance.BalanceError:
            theil = gini = between = None
    total_r = sum(r) or 1.0
    total_e = sum(e) or 1.0
    items = []
    for k, ek, rk in zip(keys, e, r, strict=True):
        items.append(
            {
                "code": k,
                "name": regions[k]["name"],
                "population": regions[k]["population"],
                "effort_share": round(ek / total_e, 6) if sum(e) else 0.0,
                "reference": None if k in hidden else rk,
                "reference_share": None if k in hidden else round(rk / total_r, 6),
                "ratio": None
                if k in hidden
                else (round((ek / total_e) / (rk / total_r), 4) if rk and sum(e) else None),
                "components": {c: round(v.get(k, 0.0), 2) for c, v in by_region_components.items()},
            }
        )
    return {
        "level": level,
        "year": year,
        "basis": basis,
        "theil": theil,
        "gini": gini,
        "theil_between_vegueries": between,
        "theil_max": balance.theil_max(r) if sum(r) > 0 else None,
        "components": [c for c, v in by_region_components.items() if sum(v.values()) > 0],
        "items": items,
    }


def trend(*, level: str, basis: str, as_of: dt.date) -> list[dict[str, Any]]:
    out = []
    for year in range(FIRST_YEAR, as_of.year + 1):
        result = compute(level=level, year=year, basis=basis, as_of=as_of)
        out.append({"year": year, "theil": result["theil"], "gini": result["gini"]})
    return out


def computed_theil(as_of: dt.date) -> ComputedValue:
    """The plan's computed indicator: Theil index of effort (up to ``as_of``) across comarques
    against population. Lower is more balanced."""
    result = compute(level="comarca", year=None, basis="population", as_of=as_of)
    return ComputedValue(value=result["theil"])
