"""The register importer: malformed files are refused with file/row/field and write nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from localret.core.tabular import ImportFailed
from localret.territory.codes import code6_from_ine5
from localret.territory.importer import (
    BUILTIN_DIR,
    COMARQUES_FILE,
    EMEX_FILE,
    MUNICIPALITIES_FILE,
    estimate_households,
    register_import,
)
from localret.territory.models import (
    Comarca,
    Municipality,
    PopulationFigure,
    Province,
    Vegueria,
)

pytestmark = pytest.mark.django_db

ABRERA, AGUILAR, ALELLA = "080018", "080023", "080039"


def builtin_rows() -> tuple[list[str], list[dict[str, str]]]:
    with (BUILTIN_DIR / MUNICIPALITIES_FILE).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def csv_bytes(headers: list[str], rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def small_file() -> tuple[list[str], list[dict[str, str]]]:
    """Header and the first three rows of the built-in register; row 2 (Abrera) is renamed so
    that a test can check the valid change is not applied when another row is wrong."""
    headers, rows = builtin_rows()
    rows = [dict(r) for r in rows[:3]]
    assert [r["codi_ine6"] for r in rows] == [ABRERA, AGUILAR, "080039"]
    rows[0]["nom"] = "Abrera (renamed)"
    return headers, rows


def snapshot() -> dict[str, object]:
    return {
        "counts": [
            m.objects.count() for m in (Province, Vegueria, Comarca, Municipality, PopulationFigure)
        ],
        "municipalities": list(
            Municipality.objects.order_by("code").values_list(
                "code", "name", "population", "households", "households_estimated", "comarca_id"
            )
        ),
        "figures": list(
            PopulationFigure.objects.order_by("pk").values_list("pk", "year", "population")
        ),
    }


def with_row(index: int, **changes: str) -> Callable[[], bytes]:
    def build() -> bytes:
        headers, rows = small_file()
        rows[index].update(changes)
        return csv_bytes(headers, rows)

    return build


def duplicate_code() -> bytes:
    headers, rows = small_file()
    rows.append(dict(rows[1]))  # Aguilar again, as row 5
    return csv_bytes(headers, rows)


def missing_column() -> bytes:
    headers, rows = small_file()
    return csv_bytes([h for h in headers if h != "poblacio_2023"], rows)


def latin1() -> bytes:
    headers, rows = small_file()
    rows[2]["nom"] = "Alella de l'Àlber"
    return csv_bytes(headers, rows, encoding="latin-1")


def header_only() -> bytes:
    headers, _ = small_file()
    return csv_bytes(headers, [])


def too_many_values() -> bytes:
    return with_row(1)() + b"extra,values,that,overflow," * 6 + b"x\n"


def bad_xlsx() -> bytes:
    return b"PK\x03\x04" + b"this is not a zip archive" * 10


def xlsx_with_bad_population() -> bytes:
    headers, rows = small_file()
    rows[2]["poblacio_2023"] = "molts"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append([row[h] for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# (id, builder, expected file, row, field, words in the message)
MALFORMED_MUNICIPALITY_FILES = [
    (
        "wrong check digit",
        with_row(1, codi_ine6="080024"),
        3,
        "codi_ine6",
        "dígit de control de 08002 és 3",
    ),
    ("leading zero lost", with_row(1, codi_ine6="80023"), 3, "codi_ine6", "zero inicial"),
    (
        "letters in code",
        with_row(2, codi_ine6="08A039"),
        4,
        "codi_ine6",
        "no és un codi INE de 6 xifres",
    ),
    ("duplicate code", duplicate_code, 5, "codi_ine6", "codi 080023 repetit"),
    ("ine5 mismatch", with_row(1, codi_ine5="08003"), 3, "codi_ine5", "no correspon"),
    ("missing column", missing_column, 1, "poblacio_2023", "falta la columna poblacio_2023"),
    ("latin-1 encoding", latin1, 4, None, "no és text UTF-8"),
    (
        "non-numeric population",
        with_row(2, poblacio_2023="9.6 mil"),
        4,
        "poblacio_2023",
        "no és un nombre",
    ),
    ("decimal population", with_row(2, poblacio_2023="9651,5"), 4, "poblacio_2023", "nombre enter"),
    ("negative population", with_row(1, poblacio_2023="-3"), 3, "poblacio_2023", "negativa"),
    ("empty file", lambda: b"", None, None, "el fitxer és buit"),
    ("blank file", lambda: b"\n \n", None, None, "el fitxer és buit"),
    ("header only", header_only, None, None, "capçalera però cap fila de dades"),
    (
        "unknown comarca",
        with_row(2, comarca_codi_2024="44"),
        4,
        "comarca_codi_2024",
        "codi de comarca «44» desconegut",
    ),
    (
        "province mismatch",
        with_row(1, provincia_codi="17"),
        3,
        "provincia_codi",
        "no correspon al codi 080023",
    ),
    (
        "unknown province",
        with_row(1, provincia_codi="99"),
        3,
        "provincia_codi",
        "codi de província «99» desconegut",
    ),
    ("latitude outside", with_row(2, lat="39.9"), 4, "lat", "fora de Catalunya"),
    ("longitude outside", with_row(1, lon="-0.4"), 3, "lon", "fora de Catalunya"),
    ("missing name", with_row(2, nom=""), 4, "nom", "cal un valor"),
    ("zero area", with_row(1, superficie_km2="0"), 3, "superficie_km2", "positiva"),
    ("bad altitude", with_row(1, altitud_m="alt"), 3, "altitud_m", "no és un nombre"),
    ("too many values", too_many_values, 5, None, "valors però la capçalera en té"),
    ("bad xlsx", bad_xlsx, None, None, "no és un llibre XLSX llegible"),
    (
        "xlsx bad population",
        xlsx_with_bad_population,
        4,
        "poblacio_2023",
        "«molts» no és un nombre",
    ),
]


@pytest.mark.parametrize(
    "builder,row,field,words",
    [case[1:] for case in MALFORMED_MUNICIPALITY_FILES],
    ids=[case[0] for case in MALFORMED_MUNICIPALITY_FILES],
)
def test_malformed_municipality_file_names_row_and_field_and_writes_nothing(
    builder, row, field, words
):
    before = snapshot()
    with pytest.raises(ImportFailed) as info:
        register_import(municipalities=builder(), data_dir=None)
    issues = info.value.issues
    matching = [i for i in issues if words in i.message]
    assert matching, [str(i) for i in issues]
    assert (matching[0].file, matching[0].row, matching[0].field) == (
        MUNICIPALITIES_FILE,
        row,
        field,
    )
    assert snapshot() == before
    assert Municipality.objects.get(code=ABRERA).name == "Abrera"


def test_every_problem_of_a_file_is_listed_at_once():
    headers, rows = small_file()
    rows[1]["poblacio_2023"] = "x"
    rows[2]["lat"] = "45"
    rows[2]["comarca_codi_2024"] = "00"
    with pytest.raises(ImportFailed) as info:
        register_import(municipalities=csv_bytes(headers, rows), data_dir=None)
    assert {(i.row, i.field) for i in info.value.issues} == {
        (3, "poblacio_2023"),
        (4, "lat"),
        (4, "comarca_codi_2024"),
    }
    assert "fila 3, columna poblacio_2023" in str(info.value)


def comarques_bytes(mutate: Callable[[list[dict[str, str]]], None]) -> bytes:
    with (BUILTIN_DIR / COMARQUES_FILE).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        headers, rows = list(reader.fieldnames or []), list(reader)
    mutate(rows)
    return csv_bytes(headers, rows)


@pytest.mark.parametrize(
    "mutate,row,field,words",
    [
        (lambda rows: rows.append(dict(rows[0])), 45, "comarca_codi", "codi de comarca 01 repetit"),
        (lambda rows: rows[2].update(comarca_codi="3"), 4, "comarca_codi", "2 xifres"),
        (lambda rows: rows[5].update(vegueria=""), 7, "vegueria", "cal un valor"),
    ],
    ids=["duplicate comarca", "bad comarca code", "missing vegueria"],
)
def test_malformed_comarques_file_is_refused(mutate, row, field, words):
    before = snapshot()
    with pytest.raises(ImportFailed) as info:
        register_import(
            comarques=comarques_bytes(mutate), municipalities=with_row(0)(), data_dir=None
        )
    issue = next(i for i in info.value.issues if words in i.message)
    assert (issue.file, issue.row, issue.field) == (COMARQUES_FILE, row, field)
    assert snapshot() == before


def write_emex(directory: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["codi_ine6,codi_ine5,nom,poblacio,hab_principal"]
    lines += [
        f"{code},{code[:5]},x,{population},{households}" for code, population, households in rows
    ]
    (directory / EMEX_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    "rows,row,field,words",
    [
        (
            [(ABRERA, "13207", "4643"), ("080000", "5", "2")],
            3,
            "codi_ine6",
            "codi de municipi «080000» desconegut",
        ),
        ([(ABRERA, "13207", "molts")], 2, "hab_principal", "no és un nombre"),
        ([(ABRERA, "tretze", "4643")], 2, "poblacio", "no és un nombre"),
        ([(ABRERA, "13207", "-1")], 2, "hab_principal", "no pot ser negatiu"),
        ([(ABRERA, "13207", "4643"), (ABRERA, "13207", "4643")], 3, "codi_ine6", "repetit"),
    ],
    ids=["unknown code", "bad households", "bad population", "negative households", "duplicate"],
)
def test_malformed_emex_file_in_data_dir_is_refused(tmp_path, rows, row, field, words):
    before = snapshot()
    with pytest.raises(ImportFailed) as info:
        register_import(municipalities=with_row(0)(), data_dir=write_emex(tmp_path, rows))
    issue = next(i for i in info.value.issues if words in i.message)
    assert (issue.file, issue.row, issue.field) == (EMEX_FILE, row, field)
    assert snapshot() == before


def test_reimporting_the_builtin_register_changes_nothing():
    before = snapshot()
    result = register_import(data_dir=settings.LOCALRET_DATA_DIR)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 947)
    assert (result.comarques, result.vegueries) == (43, 8)
    assert snapshot() == before


def test_import_twice_second_run_is_all_unchanged(tmp_path):
    data_dir = write_emex(tmp_path, [(ABRERA, "13300", "4700")])
    first = register_import(municipalities=with_row(0)(), data_dir=data_dir)
    assert first.updated >= 1
    after_first = snapshot()
    second = register_import(municipalities=with_row(0)(), data_dir=data_dir)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert snapshot() == after_first
    assert Municipality.objects.get(code=ABRERA).name == "Abrera (renamed)"


def test_households_from_emex_file_or_estimated(tmp_path):
    data_dir = write_emex(tmp_path, [(ABRERA, "13207", "4643"), (AGUILAR, "295", "")])
    result = register_import(municipalities=with_row(0)(), data_dir=data_dir)
    assert result.households_from_data == 1
    abrera = Municipality.objects.get(code=ABRERA)
    assert (abrera.population, abrera.population_year) == (13207, 2025)
    assert (abrera.households, abrera.households_estimated) == (4643, False)
    aguilar = Municipality.objects.get(code=AGUILAR)
    assert (aguilar.population, aguilar.population_year) == (295, 2025)
    assert aguilar.households == estimate_households(295) == 116
    assert aguilar.households_estimated is True
    alella = Municipality.objects.get(code=ALELLA)
    assert alella.population_year == 2023
    assert alella.households == estimate_households(alella.population)
    assert alella.households_estimated is True
    figures = dict(abrera.population_figures.values_list("year", "population"))
    assert figures[2025] == 13207 and 2023 in figures


def test_without_data_dir_every_household_figure_is_estimated():
    register_import(data_dir=None)
    assert not Municipality.objects.filter(households_estimated=False).exists()
    barcelona = Municipality.objects.get(code="080193")
    assert barcelona.population_year == 2023
    expected = int((Decimal(barcelona.population) / Decimal("2.55")).to_integral_value())
    assert barcelona.households == expected


def test_emex_rows_of_municipalities_outside_the_file_are_ignored(tmp_path):
    barcelona_before = Municipality.objects.values_list("population", "households").get(
        code="080193"
    )
    data_dir = write_emex(tmp_path, [(ABRERA, "13207", "4643"), ("080193", "1", "1")])
    register_import(municipalities=with_row(0)(), data_dir=data_dir)
    barcelona = Municipality.objects.values_list("population", "households").get(code="080193")
    assert barcelona == barcelona_before


def test_dry_run_reports_changes_and_writes_nothing():
    before = snapshot()
    result = register_import(municipalities=with_row(0)(), data_dir=None, dry_run=True)
    assert result.updated >= 1 and result.created == 0
    assert snapshot() == before


def test_new_municipality_in_file_is_created_with_band_and_search_name():
    headers, rows = small_file()
    new = dict(
        rows[1],
        codi_ine6=code6_from_ine5("08990"),
        codi_ine5="08990",
        nom="Àger Nou",
        poblacio_2023="500",
    )
    rows.append(new)
    result = register_import(municipalities=csv_bytes(headers, rows), data_dir=None)
    assert result.created == 1
    created = Municipality.objects.get(code="089903")
    assert (created.population_band, created.search_name) == ("1-500", "ager nou")


def test_semicolon_separated_file_with_decimal_comma_is_accepted():
    headers, rows = small_file()
    rows[0]["superficie_km2"] = "19,9"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    result = register_import(municipalities=out.getvalue().encode("utf-8-sig"), data_dir=None)
    assert result.total == 3
    assert Municipality.objects.get(code=ABRERA).area_km2 == Decimal("19.9")


# --- the management command -------------------------------------------------------------


def test_command_reports_row_and_field_on_stderr_and_fails(tmp_path):
    path = tmp_path / "municipis.csv"
    path.write_bytes(with_row(1, poblacio_2023="molts")())
    before = snapshot()
    stderr = io.StringIO()
    with pytest.raises(CommandError, match=r"1 error\(s\); nothing was written"):
        call_command("import_register", municipalities=path, data_dir=tmp_path, stderr=stderr)
    assert "municipis.csv, fila 3, columna poblacio_2023: «molts» no és un nombre" in (
        stderr.getvalue()
    )
    assert snapshot() == before


def test_command_refuses_missing_file_and_directory(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_register", municipalities=tmp_path / "nope.csv")
    with pytest.raises(CommandError, match="no such directory"):
        call_command("import_register", data_dir=tmp_path / "nope")


def test_command_success_and_dry_run_output(tmp_path):
    path = tmp_path / "municipis.csv"
    path.write_bytes(with_row(0)())
    write_emex(tmp_path, [(ABRERA, "13301", ""), (AGUILAR, "301", ""), (ALELLA, "9999", "")])
    stdout = io.StringIO()
    call_command(
        "import_register", municipalities=path, data_dir=tmp_path, dry_run=True, stdout=stdout
    )
    assert stdout.getvalue().startswith("Dry run, nothing written: would be 0 created, 3 updated")
    assert Municipality.objects.get(code=ABRERA).name == "Abrera"
    stdout = io.StringIO()
    call_command("import_register", municipalities=path, data_dir=tmp_path, stdout=stdout)
    assert stdout.getvalue().startswith("0 created, 3 updated, 0 unchanged; 43 comarques")
    assert Municipality.objects.get(code=ABRERA).name == "Abrera (renamed)"


def test_import_messages_follow_the_language_catalan_by_default():
    """Catalan when nothing else is asked (the task worker, the command line); in English for
    a reader who chose English."""
    from django.utils import translation

    builder = with_row(2, poblacio_2023="molts")
    with pytest.raises(ImportFailed) as catalan:
        register_import(municipalities=builder(), data_dir=None)
    assert "fila 4, columna poblacio_2023: «molts» no és un nombre" in str(catalan.value)
    with translation.override("en"), pytest.raises(ImportFailed) as english:
        register_import(municipalities=builder(), data_dir=None)
    assert "row 4, column poblacio_2023: “molts” is not a number" in str(english.value)
