"""Measurement import: what Catalan spreadsheets produce; every error with row and field;
nothing written unless the whole file is valid."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from localret.core.tabular import ImportFailed
from localret.strategy import services
from localret.strategy.models import Measurement

from .factories import make_plan

pytestmark = pytest.mark.django_db
CODE = "pla-test-I1.1-1"


@pytest.fixture
def plan(staff_user):  # type: ignore[no-untyped-def]
    return make_plan(staff_user)


def run(data: bytes, by, dry_run: bool = False):  # type: ignore[no-untyped-def]
    return services.measurements_import(data=data, filename="m.csv", by=by, dry_run=dry_run)


def test_semicolon_decimal_comma_and_bom(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    data = (
        "\ufeffindicator;date;value;municipality;source\n"
        f"{CODE};31/03/2024;12,5;082981;Enquesta\n"
        f"{CODE};2024-06-30;1.234,5;;\n"
    ).encode()
    result = run(data, staff_user)
    assert (result.created, result.updated) == (2, 0)
    values = sorted(float(v) for v in Measurement.objects.values_list("value", flat=True))
    assert values == [12.5, 1234.5]


def test_comma_separated_without_bom_and_dry_run_writes_nothing(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    data = f"indicator,date,value\n{CODE},2024-03-31,10\n".encode()
    result = run(data, staff_user, dry_run=True)
    assert result.created == 1 and not Measurement.objects.exists()
    run(data, staff_user)
    again = run(f"indicator,date,value\n{CODE},2024-03-31,11\n".encode(), staff_user, dry_run=True)
    assert again.updated == 1 and again.rows[0].previous == 10


def test_xlsx(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(["indicator", "date", "value", "municipality"])
    ws.append([CODE, "2024-03-31", 3.5, "171143"])
    buf = io.BytesIO()
    wb.save(buf)
    result = services.measurements_import(
        data=buf.getvalue(), filename="m.xlsx", by=staff_user, dry_run=False
    )
    assert result.created == 1
    assert Measurement.objects.get().municipality.code == "171143"


MALFORMED = {
    "empty file": (b"", None, None),
    "header only": (b"indicator;date;value\n", None, None),
    "missing value column": (f"indicator;date\n{CODE};2024-01-31\n".encode(), 1, "value"),
    "unknown indicator": (b"indicator;date;value\nNOPE;2024-01-31;1\n", 2, "indicator"),
    "bad date": (f"indicator;date;value\n{CODE};31-31-2024;1\n".encode(), 2, "date"),
    "future date": (f"indicator;date;value\n{CODE};2999-01-01;1\n".encode(), 2, "date"),
    "non-numeric value": (f"indicator;date;value\n{CODE};2024-01-31;molt\n".encode(), 2, "value"),
    "empty value": (f"indicator;date;value\n{CODE};2024-01-31;\n".encode(), 2, "value"),
    "unknown municipality": (
        f"indicator;date;value;municipality\n{CODE};2024-01-31;1;999999\n".encode(),
        2,
        "municipality",
    ),
    "duplicate row": (
        f"indicator;date;value\n{CODE};2024-01-31;1\n{CODE};31/01/2024;2\n".encode(),
        3,
        "date",
    ),
    "not utf-8": (
        f"indicator;date;value;source\n{CODE};2024-01-31;1;Ajuntament\n".encode()
        + "d'Olot ç\n".encode("latin-1"),
        3,
        None,
    ),
    "too many values": (f"indicator;date;value\n{CODE};2024-01-31;1;extra\n".encode(), 2, None),
    "broken xlsx": (b"PK\x03\x04garbage", None, None),
    "missing indicator code": (b"indicator;date;value\n;2024-01-31;1\n", 2, "indicator"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file_is_a_clear_error_and_writes_nothing(plan, staff_user, name) -> None:  # type: ignore[no-untyped-def]
    data, row, field = MALFORMED[name]
    # A valid row too: it must not be written either.
    if data.startswith(b"indicator;date;value\n") and name not in ("header only",):
        data += f"{CODE};2024-02-29;5\n".encode()
    with pytest.raises(ImportFailed) as exc:
        run(data, staff_user)
    issues = exc.value.issues
    assert issues and all(i.message for i in issues)
    if row is not None:
        assert any(i.row == row and (field is None or i.field == field) for i in issues), issues
    assert Measurement.objects.count() == 0


def test_every_error_is_listed_not_just_the_first(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    data = f"indicator;date;value\nNOPE;2024-01-31;1\n{CODE};nodate;x\n".encode()
    with pytest.raises(ImportFailed) as exc:
        run(data, staff_user)
    found = {(i.row, i.field) for i in exc.value.issues}
    assert {(2, "indicator"), (3, "date"), (3, "value")} <= found
