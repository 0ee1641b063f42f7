"""Measurement import: what Catalan spreadsheets produce; every error with row and field;
nothing written unless the whole file is valid."""

from __future__ import annotations

import io
from decimal import Decimal

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


def test_bulk_write_keeps_every_value_and_its_history(plan, staff_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The bulk statements store what the ORM's bulk path stored (same rows, same values) and
    one history row per created or changed measurement, with who and why."""
    from localret.core import audit

    assert audit.bulk_history_supported(Measurement)
    first = (
        "indicator,date,value,municipality,source\n"
        f"{CODE},2024-03-31,10,082981,Enquesta\n"
        f"{CODE},2024-03-31,4,,\n"
        f"{CODE},2024-06-30,7.25,171143,\n"
    ).encode()
    run(first, staff_user)
    second = (
        "indicator,date,value,municipality\n"
        f"{CODE},2024-03-31,11,082981\n"  # changed
        f"{CODE},2024-03-31,4,\n"  # unchanged
        f"{CODE},2024-09-30,1,\n"  # new
    ).encode()
    result = run(second, staff_user)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    stored = {
        (m.date.isoformat(), m.municipality.code if m.municipality else "", m.source): float(
            m.value
        )
        for m in Measurement.objects.select_related("municipality")
    }
    assert stored == {
        ("2024-03-31", "082981", "m.csv"): 11.0,
        ("2024-03-31", "", "m.csv"): 4.0,
        ("2024-06-30", "171143", "m.csv"): 7.25,
        ("2024-09-30", "", "m.csv"): 1.0,
    }
    assert all(m.entered_by_id == staff_user.pk for m in Measurement.objects.all())
    history = Measurement.history.order_by("history_id")
    assert [(h.history_type, float(h.value)) for h in history] == [
        ("+", 10.0),
        ("+", 4.0),
        ("+", 7.25),
        ("+", 1.0),
        ("~", 11.0),
    ]
    assert {h.history_user_id for h in history} == {staff_user.pk}
    assert {h.history_change_reason for h in history} == {"import m.csv"}
    changed = Measurement.objects.get(municipality__code="082981")
    assert [float(h.value) for h in changed.history.order_by("history_id")] == [10.0, 11.0]
    # The ORM's bulk path (a database that does not return keys) gives the same rows.
    monkeypatch.setattr(audit, "bulk_history_supported", lambda model: False)
    again = run(f"indicator,date,value\n{CODE},2024-12-31,2\n".encode(), staff_user)
    assert again.created == 1
    assert Measurement.history.filter(date="2024-12-31", history_type="+").count() == 1


def test_a_failed_bulk_write_leaves_nothing(plan, staff_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from localret.core import audit

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "_history_insert", broken)
    data = f"indicator,date,value\n{CODE},2024-03-31,10\n{CODE},2024-06-30,11\n".encode()
    with pytest.raises(RuntimeError):
        run(data, staff_user)
    assert not Measurement.objects.exists()
    assert not Measurement.history.exists()


def test_the_result_is_a_summary_with_every_count_and_the_first_rows_of_each_kind(
    plan, staff_user
) -> None:  # type: ignore[no-untyped-def]
    """A big file answers with its counts and the first rows of each kind of change in file
    order (all of the file's first 500 rows), not one object per row."""
    import datetime as dt

    from localret.strategy.services.imports import KEPT_PER_ACTION

    start = dt.date(2020, 1, 1)
    days = [start + dt.timedelta(days=i) for i in range(KEPT_PER_ACTION + 100)]
    run(
        ("indicator,date,value\n" + "".join(f"{CODE},{d},1\n" for d in days[:50])).encode(),
        staff_user,
    )
    lines = [f"{CODE},{d},{2 if i < 25 else 1}\n" for i, d in enumerate(days)]
    result = run(("indicator,date,value\n" + "".join(lines)).encode(), staff_user, dry_run=True)
    assert (result.created, result.updated, result.unchanged) == (KEPT_PER_ACTION + 50, 25, 25)
    assert result.total == KEPT_PER_ACTION + 100
    assert len(result.rows) == KEPT_PER_ACTION + 50
    assert [r.row for r in result.rows[:KEPT_PER_ACTION]] == list(range(2, KEPT_PER_ACTION + 2))
    assert [r.action for r in result.first_changes(2)] == [
        "update",
        "update",
        "unchanged",
        "unchanged",
        "create",
        "create",
    ]
    assert result.rows[0].previous == 1 and result.rows[0].value == 2


def test_a_row_repeating_an_earlier_one_names_the_first(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    data = (
        f"indicator;date;value\n{CODE};2024-01-31;1\n{CODE};31/01/2024;2\n{CODE};2024-01-31;3\n"
    ).encode()
    with pytest.raises(ImportFailed) as exc:
        run(data, staff_user)
    assert [(i.row, i.field) for i in exc.value.issues] == [(3, "date"), (4, "date")]
    assert all(i.message.endswith(" 2") for i in exc.value.issues)  # "... fila 2"


def test_history_rows_are_copied_from_the_stored_rows_and_only_for_the_new_ones(
    plan, staff_user
) -> None:  # type: ignore[no-untyped-def]
    """The bulk insert's history is copied by the database from the rows it just stored: one
    "+" for each new row, with the stored values (rounded to 8 places), none for rows that
    were there before."""
    run(f"indicator,date,value\n{CODE},2023-01-31,1\n".encode(), staff_user)
    data = (
        f"indicator,date,value,source\n{CODE},2024-01-31,1.123456789,Enquesta\n"
        f"{CODE},2024-02-29,2,\n"
    ).encode()
    run(data, staff_user)
    history = {(h.id, h.history_type): h for h in Measurement.history.all()}
    assert len(history) == 3
    for m in Measurement.objects.all():
        h = history[(m.pk, "+")]
        assert (h.indicator_id, h.date, h.value, h.municipality_id) == (
            m.indicator_id,
            m.date,
            m.value,
            m.municipality_id,
        )
        assert (h.source, h.entered_by_id, h.created_at) == (
            m.source,
            m.entered_by_id,
            m.created_at,
        )
    assert Measurement.objects.get(date="2024-01-31").value == Decimal("1.12345679")


def test_bulk_insert_needs_every_field_but_the_key(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from localret.core import audit

    with pytest.raises(ValueError), transaction.atomic():
        audit.bulk_insert_audited(
            Measurement, ["indicator_id", "date"], [(1, "2024-01-31")], by=staff_user
        )
