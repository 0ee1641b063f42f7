"""Public statistics of a campaign: aggregates by comarca and band, under disclosure control."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from localret.core import disclosure
from localret.territory.interface import BAND_CODES, band_label

from .. import scoring
from ..models import Assessment, Campaign
from .campaigns import dimensions_of

# Public aggregates of fewer municipalities than this are suppressed (the configured minimum,
# ``min_group()``, is never lower), so that no individual result can be read from them.
MIN_GROUP = disclosure.MIN_GROUP_FLOOR


# --- Results -------------------------------------------------------------------------------


def campaign_rows(campaign: Campaign, **filters: Any) -> list[dict[str, Any]]:
    """Current validated results of a campaign, one dict per municipality (one query)."""
    qs = Assessment.objects.filter(
        campaign=campaign, status=Assessment.Status.VALIDATED, superseded=False, **filters
    ).values(
        "pk",
        "overall",
        "level",
        "dimension_scores",
        "band",
        "band_percentile",
        "validated_on",
        "municipality__code",
        "municipality__name",
        "municipality__population",
        "municipality__comarca__code",
        "municipality__comarca__name",
        "municipality__province__code",
        "municipality__province__name",
    )
    return [
        {
            "assessment": r["pk"],
            "code": r["municipality__code"],
            "name": r["municipality__name"],
            "population": r["municipality__population"],
            "band": r["band"],
            "comarca": r["municipality__comarca__code"],
            "comarca_name": r["municipality__comarca__name"],
            "province": r["municipality__province__code"],
            "province_name": r["municipality__province__name"],
            "overall": r["overall"],
            "level": r["level"],
            "dimensions": r["dimension_scores"] or {},
            "percentile": r["band_percentile"],
            "validated_on": r["validated_on"],
        }
        for r in qs
        if r["overall"] is not None
    ]


def min_group() -> int:
    """The smallest group any public statistic describes (``LOCALRET_DISCLOSURE_MIN_GROUP``,
    never below 5)."""
    return disclosure.effective_min_group(
        getattr(settings, "LOCALRET_DISCLOSURE_MIN_GROUP", disclosure.MIN_GROUP_FLOOR)
    )


def _stats(values: list[float], k: int) -> dict[str, Any]:
    """Median from ``k`` values, first and third quartiles from ``QUARTILES_MIN``."""
    q = scoring.quartiles(values) if len(values) >= k else None
    if q is None:
        return {"q1": None, "median": None, "q3": None}
    wide = len(values) >= disclosure.QUARTILES_MIN
    return {
        "q1": round(q[0], 1) if wide else None,
        "median": round(q[1], 1),
        "q3": round(q[2], 1) if wide else None,
    }


def _suppressed_group() -> dict[str, Any]:
    # Neither the figures nor the count: a count of 1 to 4 (or 0) is what must not show.
    return {"count": None, "suppressed": True, "overall": None, "dimensions": [], "levels": {}}


def aggregate(
    rows: list[dict[str, Any]],
    dimension_codes: list[str],
    *,
    suppressed: bool = False,
    levels: dict[str, int | None] | None = None,
) -> dict[str, Any]:
    """count, median (and quartiles from 10) of the overall score and of each dimension, and
    the published level counts (``levels``: from :func:`public_tables`); suppressed when the
    table says so or the group is smaller than :func:`min_group`."""
    k = min_group()
    count = len(rows)
    if suppressed or count < k:
        return _suppressed_group()
    return {
        "count": count,
        "suppressed": False,
        "overall": _stats([r["overall"] for r in rows], k),
        "dimensions": [
            {
                "code": code,
                **_stats(
                    [r["dimensions"][code] for r in rows if r["dimensions"].get(code) is not None],
                    k,
                ),
            }
            for code in dimension_codes
        ],
        "levels": levels or {},
    }


LEVELS = [str(level) for level in range(1, 6)]


@dataclass(frozen=True)
class PublicTables:
    """A campaign's results as public tables under disclosure control (core/disclosure.py):
    comarca x population band (cells, comarca and band margins, the overall total) and band x
    level (the level counts published per band and overall)."""

    rows: list[dict[str, Any]]
    comarques: list[tuple[str, str]]  # (code, name), every comarca of the register
    suppressed: frozenset[Any]
    level_suppressed: frozenset[Any]

    def members(self, *, band: str = "", comarca: str = "") -> list[dict[str, Any]]:
        return [
            r
            for r in self.rows
            if (not band or r["band"] == band) and (not comarca or r["comarca"] == comarca)
        ]

    def entry(self, *, band: str = "", comarca: str = "") -> Any:
        if band and comarca:
            return disclosure.cell_key(comarca, band)
        if comarca:
            return disclosure.row_key(comarca)
        if band:
            return disclosure.col_key(band)
        return disclosure.TOTAL

    def levels(self, *, band: str = "", comarca: str = "") -> dict[str, int | None]:
        """Level counts of a band or of everyone (None: suppressed); none for comarques."""
        if comarca:
            return {}
        members = self.members(band=band)
        counts = dict.fromkeys(LEVELS, 0)
        for r in members:
            counts[str(r["level"])] += 1
        if band:
            return {
                lv: None if disclosure.cell_key(band, lv) in self.level_suppressed else n
                for lv, n in counts.items()
            }
        return {
            lv: None if disclosure.col_key(lv) in self.level_suppressed else n
            for lv, n in counts.items()
        }

    def aggregate(
        self, dimension_codes: list[str], *, band: str = "", comarca: str = ""
    ) -> dict[str, Any]:
        if self.entry(band=band, comarca=comarca) in self.suppressed:
            return _suppressed_group()
        return aggregate(
            self.members(band=band, comarca=comarca),
            dimension_codes,
            levels=self.levels(band=band, comarca=comarca),
        )


def public_tables(campaign: Campaign) -> PublicTables:
    """Every public statistic of a campaign comes from here (two queries)."""
    from localret.territory.interface import Comarca

    rows = campaign_rows(campaign)
    comarques = list(Comarca.objects.order_by("name").values_list("code", "name"))
    k = min_group()
    cells: dict[tuple[Any, Any], int] = defaultdict(int)
    level_cells: dict[tuple[Any, Any], int] = defaultdict(int)
    for r in rows:
        cells[(r["comarca"], r["band"])] += 1
        level_cells[(r["band"], str(r["level"]))] += 1
    codes = [c for c, _n in comarques]
    suppressed = disclosure.protect_table(cells, codes, list(BAND_CODES), min_group=k)
    # Band x level shares its margins with the table above: a band suppressed there has no
    # published level counts, and a published band count is never suppressed here.
    band_rows = [disclosure.row_key(b) for b in BAND_CODES]
    hidden: set[Any] = {
        disclosure.row_key(b) for b in BAND_CODES if disclosure.col_key(b) in suppressed
    }
    if disclosure.TOTAL in suppressed:
        hidden.add(disclosure.TOTAL)
    level_suppressed = disclosure.protect_table(
        level_cells,
        list(BAND_CODES),
        LEVELS,
        min_group=k,
        keep=[*band_rows, disclosure.TOTAL],
        force=hidden,
    )
    return PublicTables(rows, comarques, suppressed, level_suppressed)


def benchmark(campaign: Campaign, *, band: str = "", comarca: str = "") -> dict[str, Any]:
    """Public aggregates of a campaign, optionally for one band and/or one comarca."""
    tables = public_tables(campaign)
    dims = dimensions_of(campaign.model)
    return {
        "campaign": campaign.slug,
        "campaign_name": campaign.name,
        "band": band or None,
        "comarca": comarca or None,
        "min_group": min_group(),
        **tables.aggregate([c for c, _n in dims], band=band, comarca=comarca),
        "dimension_names": dict(dims),
    }


def aggregates_by_band(campaign: Campaign) -> list[dict[str, Any]]:
    """Public: one aggregate per population band (disclosure control: public_tables)."""
    tables = public_tables(campaign)
    dims = [c for c, _n in dimensions_of(campaign.model)]
    return [
        {"code": b, "name": band_label(b), **tables.aggregate(dims, band=b)} for b in BAND_CODES
    ]


def aggregates_by_comarca(campaign: Campaign) -> list[dict[str, Any]]:
    """Public: one aggregate per comarca of the register (disclosure control: public_tables)."""
    tables = public_tables(campaign)
    dims = [c for c, _n in dimensions_of(campaign.model)]
    return [
        {"code": code, "name": name, **tables.aggregate(dims, comarca=code)}
        for code, name in tables.comarques
    ]


def map_medians(campaign: Campaign, level: str = "comarca") -> list[dict[str, Any]]:
    """Public: median overall score per comarca (suppressed groups have None)."""
    return [
        {
            "code": g["code"],
            "name": g["name"],
            "count": g["count"],
            "median": None if g["suppressed"] else g["overall"]["median"],
        }
        for g in aggregates_by_comarca(campaign)
    ]
