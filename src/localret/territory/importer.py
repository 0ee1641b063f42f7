"""Import of the municipal register (municipalities, comarques, vegueries, provinces).

The built-in register ships in ``territory/data/`` (Idescat, IGN/CNIG, CC BY 4.0). When the data
directory holds ``indicadors_municipis_emex.csv``, the 2025 population and the households
(principal dwellings, Census 2021) are taken from it; otherwise households are estimated from
population and marked as estimated. The whole import runs in one transaction and writes nothing
unless every file is valid.

Every row it creates or changes gets a version in its history (django-simple-history), with
the reason "register import" and the importing user when one is given: municipalities and
population figures in bulk (``bulk_create_with_history``; changed municipalities one UPDATE
each, then ``bulk_history_create``; changed figures ``bulk_update_with_history``), provinces,
vegueries and comarques one by one (there are few). Rows that
do not change are not written, so they get no new version and keep their ``updated_at`` (the
register's data version, core/versions.py, moves only when something was written). The importer
deletes nothing: municipalities missing from the file are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from localret.core.audit import audited_save
from localret.core.formatting import number
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
# The reason recorded in the history of every row the import writes: a stored key, read in the
# page's language on the history page (core/audit_reasons.py: "importació del registre").
CHANGE_REASON = "register import"
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
            issues.add(
                _("“%(code)s” is not a 2-digit comarca code") % {"code": code}, row, "comarca_codi"
            )
            continue
        if code in comarques:
            issues.add(_("duplicate comarca code %(code)s") % {"code": code}, row, "comarca_codi")
        for column in ("comarca", "vegueria"):
            if not values[column]:
                issues.add(_("value is required"), row, column)
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
                hint = _("; the check digit of %(ine5)s is %(digit)s") % {
                    "ine5": code[:5],
                    "digit": check_digit(code[:5]),
                }
            elif len(code) == 5 and code.isdigit():
                hint = _("; a spreadsheet may have dropped a leading zero: store codes as text")
            issues.add(
                _("“%(code)s” is not a valid 6-digit INE code (5 digits and its check digit)")
                % {"code": code}
                + hint,
                row,
                "codi_ine6",
            )
            continue
        if code in parsed:
            issues.add(_("duplicate code %(code)s") % {"code": code}, row, "codi_ine6")
            continue
        if v["codi_ine5"] != code[:5]:
            issues.add(
                _("“%(ine5)s” does not match codi_ine6 %(code)s")
                % {"ine5": v["codi_ine5"], "code": code},
                row,
                "codi_ine5",
            )
        elif v["codi_ine5"] in ine5_seen:
            issues.add(_("duplicate code %(code)s") % {"code": v["codi_ine5"]}, row, "codi_ine5")
        ine5_seen[v["codi_ine5"]] = row
        if not v["nom"]:
            issues.add(_("value is required"), row, "nom")
        province = v["provincia_codi"]
        if province not in PROVINCES:
            issues.add(
                _("unknown province code “%(code)s”") % {"code": province}, row, "provincia_codi"
            )
        elif code[:2] != province:
            issues.add(
                _("province %(province)s does not match code %(code)s")
                % {"province": province, "code": code},
                row,
                "provincia_codi",
            )
        comarca = v["comarca_codi_2024"]
        if comarca not in comarca_codes:
            issues.add(
                _("unknown comarca code “%(code)s”") % {"code": comarca}, row, "comarca_codi_2024"
            )
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
                raise ValueError(_("population cannot be negative"))
            record["population"] = population
        except ValueError as exc:
            issues.add(str(exc), row, "poblacio_2023")
        try:
            area = parse_decimal(v["superficie_km2"])
            if area <= 0:
                raise ValueError(_("area must be positive"))
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
                    raise ValueError(
                        _("%(value)s is outside Catalonia (%(low)s to %(high)s)")
                        % {"value": number(value), "low": number(low), "high": number(high)}
                    )
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
            issues.add(_("unknown municipality code “%(code)s”") % {"code": code}, row, "codi_ine6")
            continue
        if code in out:
            issues.add(_("duplicate code %(code)s") % {"code": code}, row, "codi_ine6")
            continue
        values: dict[str, int | None] = {}
        for column, required in (("poblacio", True), ("hab_principal", False)):
            if not v[column] and not required:
                values[column] = None
                continue
            try:
                figure = parse_int(v[column])
                if figure < 0:
                    raise ValueError(_("%(value)s cannot be negative") % {"value": figure})
                values[column] = figure
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
    by: Any = None,
) -> RegisterImportResult:
    """Create or update the register from the files given (the built-in ones by default).

    Every file is read and checked before anything is written; any problem raises
    :class:`~localret.core.tabular.ImportFailed` listing every issue (file, row, field) and
    nothing is written. Municipalities that are not in the file are left as they are. With
    ``dry_run`` the result says what would change and the transaction is rolled back. The
    history of every row written says ``by`` (the importing user; None from the command line)
    and the reason "register import".
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
            result = _write(comarca_rows, records, emex, by=by)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert result is not None  # noqa: S101 - narrows the type; always true here
    return result


def _upsert(model: type[models.Model], code: str, values: dict[str, Any], by: Any) -> Any:
    """Create the row with ``code`` or change it to ``values``; saved (and so given a version)
    only when something differs."""
    obj = model._default_manager.filter(code=code).first()
    if obj is None:
        obj = model(code=code, **values)
    elif all(getattr(obj, k) == v for k, v in values.items()):
        return obj
    else:
        for k, v in values.items():
            setattr(obj, k, v)
    audited_save(obj, by, CHANGE_REASON)
    return obj


def _write(
    comarca_rows: dict[str, dict[str, str]],
    records: dict[str, dict[str, object]],
    emex: dict[str, tuple[int, int | None]],
    *,
    by: Any,
) -> RegisterImportResult:
    provinces = {
        code: _upsert(Province, code, {"name": name}, by) for code, name in PROVINCES.items()
    }
    vegueries: dict[str, Vegueria] = {}
    for values in comarca_rows.values():
        slug = slugify(values["vegueria"])
        if slug not in vegueries:
            vegueries[slug] = _upsert(
                Vegueria,
                slug,
                {"name": values["vegueria"], "ambit": values["ambit_funcional_territorial"]},
                by,
            )
    comarca_objects = {
        code: _upsert(
            Comarca,
            code,
            {
                "name": values["comarca"],
                "capital": values["capital"],
                "vegueria_id": vegueries[slugify(values["vegueria"])].pk,
            },
            by,
        )
        for code, values in comarca_rows.items()
    }

    now = timezone.now()
    history = {"default_user": by, "default_change_reason": CHANGE_REASON, "default_date": now}
    existing = {m.code: m for m in Municipality.objects.filter(code__in=list(records))}
    counts = _Counts()
    to_create: list[Municipality] = []
    to_update: list[tuple[Municipality, list[str]]] = []
    populations: dict[str, list[tuple[int, int, str]]] = {}  # code -> (year, population, source)
    for code, record in records.items():
        population_2023 = record["population"]
        population, year = population_2023, 2023
        households, estimated = None, True
        populations[code] = [(2023, population_2023, "Idescat/INE")]  # type: ignore[list-item]
        if code in emex:
            population, year = emex[code][0], 2025
            populations[code].append((2025, emex[code][0], "Idescat EMEX"))
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
            municipality.set_derived_fields()
            to_create.append(municipality)
            continue
        changed = [k for k, value in fields.items() if getattr(municipality, k) != value]
        if not changed:
            counts.unchanged += 1
            continue
        for k in changed:
            setattr(municipality, k, fields[k])
        municipality.set_derived_fields()
        # QuerySet.update() does not apply auto_now: set updated_at as save() would.
        municipality.updated_at = now
        to_update.append((municipality, changed))
    if to_create:
        for created in bulk_create_with_history(to_create, Municipality, **history):
            existing[created.code] = created
        counts.created = len(to_create)
    if to_update:
        # One UPDATE of its changed fields per row (bulk_update()'s CASE expressions cost
        # Django seconds for 947 rows), then their versions in bulk.
        for municipality, changed in to_update:
            Municipality.objects.filter(pk=municipality.pk).update(
                **{
                    k: getattr(municipality, k)
                    for k in (*changed, "search_name", "population_band", "updated_at")
                }
            )
        Municipality.history.bulk_history_create(  # type: ignore[attr-defined]
            [m for m, _ in to_update], update=True, **history
        )
        counts.updated = len(to_update)
    _write_population_figures(
        {existing[code].pk: rows for code, rows in populations.items()}, history
    )
    return RegisterImportResult(
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        comarques=len(comarca_objects),
        vegueries=len(vegueries),
        households_from_data=counts.households_from_data,
    )


def _write_population_figures(
    figures: dict[int, list[tuple[int, int, str]]], history: dict[str, Any]
) -> None:
    """Create or change the population figure of each municipality (by id) and year."""
    stored = {
        (f.municipality_id, f.year): f
        for f in PopulationFigure.objects.filter(municipality_id__in=list(figures))
    }
    to_create, to_update = [], []
    for municipality_id, rows in figures.items():
        for year, population, source in rows:
            figure = stored.get((municipality_id, year))
            if figure is None:
                to_create.append(
                    PopulationFigure(
                        municipality_id=municipality_id,
                        year=year,
                        population=population,
                        source=source,
                    )
                )
            elif (figure.population, figure.source) != (population, source):
                figure.population, figure.source = population, source
                to_update.append(figure)
    if to_create:
        bulk_create_with_history(to_create, PopulationFigure, **history)
    if to_update:
        bulk_update_with_history(to_update, PopulationFigure, ["population", "source"], **history)
