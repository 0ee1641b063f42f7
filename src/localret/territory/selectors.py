"""Reads of the register. Public data only, except ``profile_get`` (check permissions first)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from localret.core import cache as data_cache

from .bands import BAND_CODES, BANDS
from .models import Comarca, Municipality, MunicipalProfile, Province, Vegueria
from .text import fold


def _codes(model: type[Comarca] | type[Province] | type[Vegueria], value: str) -> list[str]:
    """The codes a filter value names: a code as it is (no query), or a name whatever its
    accents, case and apostrophes ("Valles Occidental", "pallars jussa")."""
    value = value.strip()
    if value.isdigit():  # comarca and province codes
        return [value]
    wanted = fold(value)
    return [
        code
        for code, name in model.objects.values_list("code", "name")
        if wanted in (fold(name), fold(code))
    ]


def municipality_list(
    *,
    search: str = "",
    comarca: str = "",
    province: str = "",
    vegueria: str = "",
    population_band: str = "",
    order: str = "name",
) -> QuerySet[Municipality]:
    """Municipalities filtered by name or code, comarca (code or name), province (code or name),
    vegueria (code) and population band."""
    qs = Municipality.objects.select_related("comarca", "province", "comarca__vegueria")
    if search:
        term = fold(search)
        qs = qs.filter(Q(search_name__contains=term) | Q(code__startswith=search.strip()))
    if comarca:
        qs = qs.filter(comarca__code__in=_codes(Comarca, comarca))
    if province:
        qs = qs.filter(province__code__in=_codes(Province, province))
    if vegueria:
        qs = qs.filter(comarca__vegueria__code__in=_codes(Vegueria, vegueria))
    if population_band:
        qs = qs.filter(population_band=population_band)
    orders = {
        "name": ["search_name"],
        "-population": ["-population", "search_name"],
        "population": ["population", "search_name"],
        "code": ["code"],
    }
    return qs.order_by(*orders.get(order, ["search_name"]))


# Output field -> ORM path, for reads that need plain values (API, exports): one query, no
# model instances.
MUNICIPALITY_VALUES = {
    "code": "code",
    "ine5": "ine5",
    "name": "name",
    "comarca": "comarca__name",
    "comarca_code": "comarca__code",
    "vegueria": "comarca__vegueria__name",
    "province": "province__name",
    "province_code": "province__code",
    "population": "population",
    "population_year": "population_year",
    "population_band": "population_band",
    "area_km2": "area_km2",
    "altitude_m": "altitude_m",
    "seat": "seat",
    "lat": "lat",
    "lon": "lon",
    "households": "households",
    "households_estimated": "households_estimated",
}


def municipality_values(queryset: QuerySet[Municipality]) -> list[dict[str, Any]]:
    """Rows of a (sliced) municipality queryset as plain dicts keyed like the API."""
    keys = tuple(MUNICIPALITY_VALUES)
    out = []
    for row in queryset.values_list(*MUNICIPALITY_VALUES.values()):
        item = dict(zip(keys, row, strict=True))
        if item["area_km2"] is not None:
            item["area_km2"] = float(item["area_km2"])
        out.append(item)
    return out


def municipality_table(**filters: str) -> QuerySet[Municipality]:
    """Like :func:`municipality_list`, loading only what the list page shows."""
    return (
        municipality_list(**filters)
        .select_related(None)
        .select_related("comarca", "province")
        .only(
            "code",
            "name",
            "population",
            "population_band",
            "comarca__name",
            "province__name",
        )
    )


def municipality_get(code: str) -> Municipality | None:
    return (
        Municipality.objects.select_related("comarca", "province", "comarca__vegueria")
        .filter(code=code)
        .first()
    )


def municipality_name(code: str) -> str | None:
    """A municipality's name, None for a code not in the register: from the names kept once
    per version of the register in each process (core/cache.py), so that a page whose content
    is a kept fragment has its title and its 404 without a query of its own."""
    names: dict[str, str] = data_cache.cached(
        "territory:names",
        reads=("territory",),
        build=lambda: dict(Municipality.objects.values_list("code", "name")),
        local=True,
    )
    return names.get(code)


def population_by_year(municipality: Municipality) -> list[tuple[int, int, str]]:
    """(year, population, source) of every population figure of the register, oldest first."""
    return list(
        municipality.population_figures.order_by("year").values_list("year", "population", "source")
    )


def profile_get(municipality: Municipality) -> MunicipalProfile | None:
    return (
        MunicipalProfile.objects.prefetch_related("contacts")
        .filter(municipality=municipality)
        .first()
    )


def filter_options() -> dict[str, list[Any]]:
    return {
        "comarques": list(Comarca.objects.order_by("name").values_list("code", "name")),
        "provinces": list(Province.objects.order_by("code").values_list("code", "name")),
        "vegueries": list(Vegueria.objects.order_by("name").values_list("code", "name")),
        "bands": list(BAND_CODES),
    }


def map_points() -> list[dict[str, Any]]:
    """Seat coordinates and band of every municipality, for the map."""
    return [
        {"code": c, "name": n, "lat": lat, "lon": lon, "population": p, "band": b}
        for c, n, lat, lon, p, b in Municipality.objects.order_by("code").values_list(
            "code", "name", "lat", "lon", "population", "population_band"
        )
    ]


def band_summary() -> dict[str, Any]:
    """The map's data in figures (one query): per population band, in band order, its code,
    label, number of municipalities and their population; municipalities with no population
    figure (band ``""``) apart; and the totals."""
    counted = {
        band: (count, population or 0)
        for band, count, population in Municipality.objects.order_by()
        .values_list("population_band")
        .annotate(count=Count("pk"), population=Sum("population"))
    }
    rows = [
        {
            "code": b.code,
            "label": b.label,
            "municipalities": counted.get(b.code, (0, 0))[0],
            "population": counted.get(b.code, (0, 0))[1],
        }
        for b in BANDS
    ]
    return {
        "rows": rows,
        "without_population": counted.get("", (0, 0))[0],
        "municipalities": sum(count for count, _ in counted.values()),
        "population": sum(population for _, population in counted.values()),
    }
