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

from .codes import check_digit, is_valid_code6
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
# Bounding box of Catalonia (ETRS89/WGS84 degrees), with a small margin.
CATALONIA_BOUNDS = {"lat": (40.5, 42.9), "lon": (0.15, 3.35)}


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
            hint = ""
            if len(code) == 6 and code.isdigit():
                hint = f"; the check digit of {code[:5]} is {check_digit(code[:5])}"
            elif len(code) == 5 and code.isdigit():
                hint = "; a spreadsheet may have dropped a leading zero: store codes as text"
            issues.add(
                f"'{code}' is not a valid 6-digit INE code (5 digits and its check digit){hint}",
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
        for column, (low, high) in CATALONIA_BOUNDS.items():
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
    """Population (2025) and households per municipality. ``known``: codes the register has
    (in the file being imported or already in the database)."""
    issues = IssueCollector(table.filename)
    out: dict[str, tuple[int, int | None]] = {}
    for row, v in table.rows:
        code = v["codi_ine6"]
        if code not in known:
            issues.add(f"unknown municipality code '{code}'", row, "codi_ine6")
            continue
        if code in out:
            issues.add(f"duplicate code {code}", row, "codi_ine6")
            continue
        values: dict[str, int | None] = {}
        for column, required in (("poblacio", True), ("hab_principal", False)):
            if not v[column] and not required:
                values[column] = None
                continue
            try:
                number = parse_int(v[column])
                if number < 0:
                    raise ValueError(f"{number} cannot be negative")
                values[column] = number
            except ValueError as exc:
                issues.add(str(exc), row, column)
        if len(values) == 2 and values["poblacio"] is not None:
            out[code] = (values["poblacio"], values["hab_principal"])
    issues.raise_if_any()
    return out


def _read(source: Path | bytes | None, default: Path, required: tuple[str, ...]) -> Table:
    """Read a file given as a path or as bytes (named like the built-in file it replaces)."""
    if source is None:
        source = default
    if isinstance(source, Path):
        return read_table(source.read_bytes(), source.name, required)
    return read_table(source, default.name, required)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households_from_data: int = 0


def register_import(
    *,
    municipalities: Path | bytes | None = None,
    comarques: Path | bytes | None = None,
    data_dir: Path | None = None,
    dry_run: bool = False,
) -> RegisterImportResult:
    """Create or update the register from the files given (the built-in ones by default).

    Every file is read and checked before anything is written; any problem raises
    :class:`~localret.core.tabular.ImportFailed` listing every issue (file, row, field) and
    nothing is written. Municipalities that are not in the file are left as they are. With
    ``dry_run`` the result says what would change and the transaction is rolled back.
    """
    comarca_rows = _parse_comarques(_read(comarques, BUILTIN_DIR / COMARQUES_FILE, COMARCA_COLUMNS))
    records = _parse_municipalities(
        _read(municipalities, BUILTIN_DIR / MUNICIPALITIES_FILE, MUNICIPALITY_COLUMNS),
        set(comarca_rows),
    )
    emex: dict[str, tuple[int, int | None]] = {}
    if data_dir is not None and (data_dir / EMEX_FILE).is_file():
        known = set(records) | set(Municipality.objects.values_list("code", flat=True))
        emex = _parse_emex(_read(data_dir / EMEX_FILE, Path(EMEX_FILE), EMEX_COLUMNS), known)
    result: RegisterImportResult | None = None
    try:
        with transaction.atomic():
            result = _write(comarca_rows, records, emex)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert result is not None
    return result


def _write(
    comarca_rows: dict[str, dict[str, str]],
    records: dict[str, dict[str, object]],
    emex: dict[str, tuple[int, int | None]],
) -> RegisterImportResult:
    provinces = {}
    for code, name in PROVINCES.items():
        provinces[code], _ = Province.objects.update_or_create(code=code, defaults={"name": name})
    vegueries: dict[str, Vegueria] = {}
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

    existing = {m.code: m for m in Municipality.objects.filter(code__in=list(records))}
    counts = _Counts()
    figures: list[PopulationFigure] = []
    for code, record in records.items():
        population_2023 = record["population"]
        population, year = population_2023, 2023
        households, estimated = None, True
        if code in emex:
            population, year = emex[code][0], 2025
            if emex[code][1] is not None:
                households, estimated = emex[code][1], False
                counts.households_from_data += 1
        if households is None:
            households = estimate_households(population)  # type: ignore[arg-type]
        fields: dict[str, object] = {
            "ine5": record["ine5"],
            "name": record["name"],
            "comarca_id": comarca_objects[record["comarca"]].pk,  # type: ignore[index]
            "province_id": provinces[record["province"]].pk,  # type: ignore[index]
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
            municipality = Municipality(code=code, **fields)
            municipality.save()
            counts.created += 1
        else:
            changed = [k for k, value in fields.items() if getattr(municipality, k) != value]
            if changed:
                for k in changed:
                    setattr(municipality, k, fields[k])
                municipality.save()
                counts.updated += 1
            else:
                counts.unchanged += 1
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
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        comarques=len(comarca_objects),
        vegueries=len(vegueries),
        households_from_data=counts.households_from_data,
    )
