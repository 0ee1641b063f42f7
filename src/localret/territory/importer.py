"""Import of the municipal register (municipalities, comarques, vegueries, provinces).

The built-in register ships in ``territory/data/`` (Idescat, IGN/CNIG, CC BY 4.0). When the data
directory holds ``indicadors_municipis_emex.csv``, the 2025 population and the households
(principal dwellings, Census 2021) are taken from it; otherwise households are estimated from
population and marked as estimated. The whole import runs in one transaction and writes nothing
unless every file is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from localret.core.tabular import IssueCollector, Table, parse_decimal, parse_int, read_table

from .codes import is_valid_code6
from .models import Comarca, Municipality, PopulationFigure, Province, Vegueria

BUILTIN_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_FILE = "municipis_catalunya.csv"
COMARQUES_FILE = "comarques_catalunya.csv"
EMEX_FILE = "indicadors_municipis_emex.csv"

# Average people per principal dwelling in Catalonia (Census 2021: 7.7 M people, 3.0 M
# households), used when no household figure is available.
PERSONS_PER_HOUSEHOLD = Decimal("2.55")

MUNICIPALITY_COLUMNS = (
    "codi_ine6",
    "codi_ine5",
    "nom",
    "provincia_codi",
    "provincia",
    "comarca_codi_2024",
    "poblacio_2023",
    "superficie_km2",
    "altitud_m",
    "capital_municipi",
    "lat",
    "lon",
)
COMARCA_COLUMNS = ("comarca_codi", "comarca", "capital", "vegueria", "ambit_funcional_territorial")
EMEX_COLUMNS = ("codi_ine6", "poblacio", "hab_principal")
PROVINCES = {"08": "Barcelona", "17": "Girona", "25": "Lleida", "43": "Tarragona"}


@dataclass(frozen=True)
class RegisterImportResult:
    created: int
    updated: int
    unchanged: int
    comarques: int
    vegueries: int
    households_from_data: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def estimate_households(population: int | None) -> int | None:
    if population is None:
        return None
    return int((Decimal(population) / PERSONS_PER_HOUSEHOLD).to_integral_value())


def _parse_comarques(table: Table) -> dict[str, dict[str, str]]:
    issues = IssueCollector(table.filename)
    comarques: dict[str, dict[str, str]] = {}
    for row, values in table.rows:
        code = values["comarca_codi"]
        if not (len(code) == 2 and code.isdigit()):
            issues.add(f"'{code}' is not a 2-digit comarca code", row, "comarca_codi")
            continue
        if code in comarques:
            issues.add(f"duplicate comarca code {code}", row, "comarca_codi")
        for column in ("comarca", "vegueria"):
            if not values[column]:
                issues.add("value is required", row, column)
        comarques[code] = values
    issues.raise_if_any()
    return comarques


def _parse_municipalities(table: Table, comarca_codes: set[str]) -> dict[str, dict[str, object]]:
    issues = IssueCollector(table.filename)
    parsed: dict[str, dict[str, object]] = {}
    ine5_seen: dict[str, int] = {}
    for row, v in table.rows:
        code = v["codi_ine6"]
        if not is_valid_code6(code):
            issues.add(
                f"'{code}' is not a valid 6-digit INE code (5 digits and its check digit)",
                row,
                "codi_ine6",
            )
            continue
        if code in parsed:
            issues.add(f"duplicate code {code}", row, "codi_ine6")
            continue
        if v["codi_ine5"] != code[:5]:
            issues.add(f"'{v['codi_ine5']}' does not match codi_ine6 {code}", row, "codi_ine5")
        elif v["codi_ine5"] in ine5_seen:
            issues.add(f"duplicate code {v['codi_ine5']}", row, "codi_ine5")
        ine5_seen[v["codi_ine5"]] = row
        if not v["nom"]:
            issues.add("value is required", row, "nom")
        province = v["provincia_codi"]
        if province not in PROVINCES:
            issues.add(f"unknown province code '{province}'", row, "provincia_codi")
        elif code[:2] != province:
            issues.add(f"province {province} does not match code {code}", row, "provincia_codi")
        comarca = v["comarca_codi_2024"]
        if comarca not in comarca_codes:
            issues.add(f"unknown comarca code '{comarca}'", row, "comarca_codi_2024")
        record: dict[str, object] = {
            "code": code,
            "ine5": code[:5],
            "name": v["nom"],
            "province": province,
            "comarca": comarca,
            "seat": v["capital_municipi"],
        }
        try:
            population = parse_int(v["poblacio_2023"])
            if population < 0:
                raise ValueError("population cannot be negative")
            record["population"] = population
        except ValueError as exc:
            issues.add(str(exc), row, "poblacio_2023")
        try:
            area = parse_decimal(v["superficie_km2"])
            if area <= 0:
                raise ValueError("area must be positive")
            record["area_km2"] = area.quantize(Decimal("0.1"))
        except ValueError as exc:
            issues.add(str(exc), row, "superficie_km2")
        try:
            record["altitude_m"] = parse_int(v["altitud_m"]) if v["altitud_m"] else None
        except ValueError as exc:
            issues.add(str(exc), row, "altitud_m")
        for column, low, high in (("lat", 40.0, 43.0), ("lon", 0.0, 3.5)):
            try:
                value = float(parse_decimal(v[column]))
                if not low <= value <= high:
                    raise ValueError(f"{value} is outside Catalonia ({low} to {high})")
                record[column] = value
            except ValueError as exc:
                issues.add(str(exc), row, column)
        parsed[code] = record
    issues.raise_if_any()
    return parsed


def _parse_emex(table: Table, known: set[str]) -> dict[str, tuple[int, int | None]]:
    issues = IssueCollector(table.filename)
    out: dict[str, tuple[int, int | None]] = {}
    for row, v in table.rows:
        code = v["codi_ine6"]
        if code not in known:
            issues.add(f"unknown municipality code '{code}'", row, "codi_ine6")
            continue
        try:
            population = parse_int(v["poblacio"])
            households = parse_int(v["hab_principal"]) if v["hab_principal"] else None
        except ValueError as exc:
            issues.add(str(exc), row, "poblacio" if "poblacio" in str(exc) else "hab_principal")
            continue
        out[code] = (population, households)
    issues.raise_if_any()
    return out


def _read(path_or_bytes: Path | bytes, name: str, required: tuple[str, ...]) -> Table:
    if isinstance(path_or_bytes, Path):
        return read_table(path_or_bytes.read_bytes(), path_or_bytes.name, required)
    return read_table(path_or_bytes, name, required)


@transaction.atomic
def register_import(
    *,
    municipalities: Path | bytes | None = None,
    comarques: Path | bytes | None = None,
    data_dir: Path | None = None,
) -> RegisterImportResult:
    """Create or update the register from the files given (the built-in ones by default)."""
    comarca_table = _read(
        comarques or BUILTIN_DIR / COMARQUES_FILE, COMARQUES_FILE, COMARCA_COLUMNS
    )
    comarca_rows = _parse_comarques(comarca_table)
    municipality_table = _read(
        municipalities or BUILTIN_DIR / MUNICIPALITIES_FILE,
        MUNICIPALITIES_FILE,
        MUNICIPALITY_COLUMNS,
    )
    records = _parse_municipalities(municipality_table, set(comarca_rows))
    emex: dict[str, tuple[int, int | None]] = {}
    if data_dir is not None and (data_dir / EMEX_FILE).is_file():
        emex = _parse_emex(
            read_table((data_dir / EMEX_FILE).read_bytes(), EMEX_FILE, EMEX_COLUMNS),
            set(records),
        )

    provinces = {}
    for code, name in PROVINCES.items():
        provinces[code], _ = Province.objects.update_or_create(code=code, defaults={"name": name})
    vegueries = {}
    for values in comarca_rows.values():
        slug = slugify(values["vegueria"])
        if slug not in vegueries:
            vegueries[slug], _ = Vegueria.objects.update_or_create(
                code=slug,
                defaults={
                    "name": values["vegueria"],
                    "ambit": values["ambit_funcional_territorial"],
                },
            )
    comarca_objects = {}
    for code, values in comarca_rows.items():
        comarca_objects[code], _ = Comarca.objects.update_or_create(
            code=code,
            defaults={
                "name": values["comarca"],
                "capital": values["capital"],
                "vegueria": vegueries[slugify(values["vegueria"])],
            },
        )

    existing = {m.code: m for m in Municipality.objects.all()}
    created = updated = unchanged = 0
    figures: list[PopulationFigure] = []
    for code, record in records.items():
        population_2023 = record["population"]
        population, year = population_2023, 2023
        households, estimated = None, True
        if code in emex:
            population, year = emex[code][0], 2025
            if emex[code][1] is not None:
                households, estimated = emex[code][1], False
        if households is None:
            households = estimate_households(population)  # type: ignore[arg-type]
        values = {
            "ine5": record["ine5"],
            "name": record["name"],
            "comarca": comarca_objects[record["comarca"]],  # type: ignore[index]
            "province": provinces[record["province"]],  # type: ignore[index]
            "population": population,
            "population_year": year,
            "area_km2": record["area_km2"],
            "altitude_m": record["altitude_m"],
            "seat": record["seat"],
            "lat": record["lat"],
            "lon": record["lon"],
            "households": households,
            "households_estimated": estimated,
        }
        municipality = existing.get(code)
        if municipality is None:
            municipality = Municipality(code=code, **values)
            municipality.save()
            created += 1
        else:
            changed = [k for k, value in values.items() if getattr(municipality, k) != value]
            if changed:
                for k in changed:
                    setattr(municipality, k, values[k])
                municipality.save()
                updated += 1
            else:
                unchanged += 1
        figures.append(
            PopulationFigure(
                municipality=municipality,
                year=2023,
                population=population_2023,  # type: ignore[misc]
                source="Idescat/INE",
            )
        )
        if code in emex:
            figures.append(
                PopulationFigure(
                    municipality=municipality,
                    year=2025,
                    population=emex[code][0],
                    source="Idescat EMEX",
                )
            )
    PopulationFigure.objects.bulk_create(
        figures,
        update_conflicts=True,
        unique_fields=["municipality", "year"],
        update_fields=["population", "source"],
    )
    return RegisterImportResult(
        created=created,
        updated=updated,
        unchanged=unchanged,
        comarques=len(comarca_objects),
        vegueries=len(vegueries),
        households_from_data=sum(1 for c in emex if emex[c][1] is not None),
    )
