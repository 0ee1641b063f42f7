"""Features of every municipality for the replication similarity.

- Population, area and comarca come from the register (territory).
- Density, ageing index and income per person come from the EMEX file in the data directory
  (``LOCALRET_DATA_DIR/indicadors_municipis_emex.csv``), read at run time and never committed.
  Without it, density is computed from the register (population / area) and ageing and income
  are left out; :class:`FeatureSet` says so in ``notes``.
- The maturity overall score comes from ``localret.maturity.interface``
  (``latest_validated_by_municipality()``); without any, maturity is left out.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from localret.territory.interface import BANDS

from .replication import Features

logger = logging.getLogger(__name__)

EMEX_FILE = "indicadors_municipis_emex.csv"


@dataclass(frozen=True)
class FeatureSet:
    rows: dict[str, Features]
    has_emex: bool
    has_maturity: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def used(self) -> tuple[str, ...]:
        used = ["population", "density", "comarca"]
        if self.has_emex:
            used += ["ageing", "income"]
        if self.has_maturity:
            used.append("maturity")
        return tuple(used)


def emex_path() -> Path | None:
    data_dir = getattr(settings, "LOCALRET_DATA_DIR", None)
    if not data_dir:
        return None
    path = Path(data_dir) / EMEX_FILE
    return path if path.is_file() else None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


@lru_cache(maxsize=2)
def _read_emex(path: str, mtime: float) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("codi_ine6") or "").strip()
            if len(code) != 6:
                continue
            out[code] = {
                "density": _number(row.get("densitat_hab_km2")),
                "ageing": _number(row.get("index_envelliment")),
                "income": _number(row.get("renda_neta_persona")),
            }
    return out


def read_emex() -> dict[str, dict[str, float | None]] | None:
    """EMEX indicators by 6-digit code, or None when the file is not in the data directory or
    cannot be read."""
    path = emex_path()
    if path is None:
        return None
    try:
        return _read_emex(str(path), path.stat().st_mtime)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        logger.warning("EMEX file %s unreadable: %s", path, exc)
        return None


def _maturity_value(item: Any) -> float | None:
    if item is None:
        return None
    if isinstance(item, int | float):
        return float(item)
    value = item.get("overall") if isinstance(item, dict) else getattr(item, "overall", None)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def read_maturity() -> dict[str, float] | None:
    """Overall maturity score by municipality code (maturity's interface), or None when no
    municipality has one to share. Only of the municipalities that consented to publish their
    maturity results (``core.consent``, docs/privacy.md): the replication answer is public and
    its reasons name the scores it compares."""
    from localret.core.consent import consenting
    from localret.maturity.interface import latest_validated_by_municipality

    try:
        data = latest_validated_by_municipality()
    except Exception as exc:  # noqa: BLE001 - another app's failure must not break this page
        logger.warning("maturity selector failed: %s", exc)
        return None
    published = consenting("maturity")
    out: dict[str, float] = {}
    for code, item in data.items():
        value = _maturity_value(item)
        if value is not None and code in published:
            out[code] = value
    return out or None


def load_features() -> FeatureSet:
    """Features of all municipalities of the register."""
    from localret.territory.interface import Municipality

    labels = {b.code: b.label for b in BANDS}
    emex = read_emex()
    maturity = read_maturity()
    notes: list[str] = []
    if emex is None:
        notes.append("emex_missing")
    if maturity is None:
        notes.append("maturity_missing")
    rows: dict[str, Features] = {}
    values = Municipality.objects.values_list(
        "code",
        "name",
        "comarca__code",
        "comarca__name",
        "population_band",
        "population",
        "area_km2",
    )
    for code, name, comarca, comarca_name, band, population, area in values:
        extra = (emex or {}).get(code, {})
        density = extra.get("density")
        if density is None and population and area:
            density = float(population) / float(area) if float(area) > 0 else None
        rows[code] = Features(
            code=code,
            name=name,
            comarca=comarca,
            comarca_name=comarca_name,
            band=band,
            band_label=labels.get(band, band),
            population=float(population) if population else None,
            density=density,
            ageing=extra.get("ageing"),
            income=extra.get("income"),
            maturity=(maturity or {}).get(code),
        )
    return FeatureSet(
        rows=rows, has_emex=emex is not None, has_maturity=maturity is not None, notes=tuple(notes)
    )
