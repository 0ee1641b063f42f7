"""Import of measurements from a CSV or XLSX file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from localret.core.tabular import (
    ImportFailed,
    IssueCollector,
    parse_date,
    parse_decimal,
    problem_errors,
    read_table,
)

from ..models import Indicator, Measurement
from .base import StrategyError, _closed_plan
from .measurements import measurement_value

# --- Import -------------------------------------------------------------------------------------

IMPORT_COLUMNS = {
    "indicator": ("indicator", "indicator_code", "code", "indicador", "codi"),
    "date": ("date", "data", "fecha"),
    "value": ("value", "valor"),
    "municipality": ("municipality", "municipality_code", "municipi", "municipio"),
    "source": ("source", "font", "fuente"),
}


REQUIRED_COLUMNS = ("indicator", "date", "value")


@dataclass(frozen=True)
class ImportRow:
    row: int
    indicator: str
    date: dt.date
    municipality: str
    value: Decimal
    previous: Decimal | None
    action: str  # create | update | unchanged


@dataclass
class ImportResult:
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.action == "update")

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.action == "unchanged")

    def first_changes(self, per_kind: int) -> list[ImportRow]:
        """The first ``per_kind`` rows of each action, in file order (for a summary)."""
        seen: dict[str, int] = {}
        out = []
        for r in self.rows:
            if seen.get(r.action, 0) < per_kind:
                seen[r.action] = seen.get(r.action, 0) + 1
                out.append(r)
        return out


def _column_map(headers: Sequence[str]) -> dict[str, str]:
    lowered = {h.strip().lower(): h for h in headers}
    found = {}
    for name, aliases in IMPORT_COLUMNS.items():
        for alias in aliases:
            if alias in lowered:
                found[name] = lowered[alias]
                break
    return found


def measurements_import(
    *, data: bytes, filename: str = "file", by: Any, dry_run: bool = True
) -> ImportResult:
    """Import measurements from CSV/XLSX (indicator, date, value, [municipality], [source]).

    Every problem is collected with its row and field; if there is any, :class:`ImportFailed`
    is raised and nothing is written. A dry run returns what would change without writing.
    An existing measurement (same indicator, date and municipality) is updated.
    """
    from localret.territory.interface import Municipality

    table = read_table(data, filename, keep_row_issues=True)
    columns = _column_map(table.headers)
    issues = IssueCollector(filename=filename)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            issues.add(f"missing column '{name}'", row=1, field=name)
    issues.raise_if_any()
    issues.issues.extend(table.issues)  # rows with too many values, reported with the others

    codes = {values.get(columns["indicator"], "").strip() for _, values in table.rows}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    muni_codes = (
        {values.get(columns["municipality"], "").strip() for _, values in table.rows}
        if "municipality" in columns
        else set()
    )
    # A code that lost its leading zero (a spreadsheet saved "082981" as 82981) still counts.
    muni_codes |= {c.zfill(6) for c in muni_codes if c.isdigit()}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=muni_codes)}
    today = timezone.localdate()
    parsed: list[tuple[int, Indicator, dt.date, Any, Decimal, str]] = []
    seen: dict[tuple[str, dt.date, str], int] = {}
    for row, values in table.rows:
        code = values.get(columns["indicator"], "").strip()
        indicator = indicators.get(code)
        if not code:
            issues.add("an indicator code is required", row=row, field="indicator")
        elif indicator is None:
            issues.add(f"unknown indicator '{code}'", row=row, field="indicator")
        elif indicator.computed_key:
            issues.add(
                f"indicator '{code}' is computed from platform data; it cannot be imported",
                row=row,
                field="indicator",
            )
        elif _closed_plan(indicator):
            issues.add(
                f"indicator '{code}' belongs to a closed plan; its results are final",
                row=row,
                field="indicator",
            )
        date = None
        try:
            date = parse_date(values.get(columns["date"], ""))
            if date > today:
                issues.add(f"{date.isoformat()} is in the future", row=row, field="date")
        except ValueError as exc:
            issues.add(str(exc), row=row, field="date")
        value = None
        try:
            value = parse_decimal(values.get(columns["value"], ""))
            if indicator is not None:
                value = measurement_value(indicator=indicator, value=value)
            elif abs(value) >= Decimal("1e15"):
                issues.add("the value is too large", row=row, field="value")
        except StrategyError as exc:
            issues.add(exc.errors[0]["message"], row=row, field="value")
            value = None
        except ValueError as exc:
            issues.add(str(exc), row=row, field="value")
        muni_code = (
            values.get(columns["municipality"], "").strip() if "municipality" in columns else ""
        )
        municipality = None
        if muni_code:
            municipality = municipalities.get(muni_code.zfill(6)) or municipalities.get(muni_code)
            if municipality is None:
                issues.add(
                    f"unknown municipality code '{muni_code}'", row=row, field="municipality"
                )
        source = values.get(columns["source"], "").strip() if "source" in columns else ""
        if len(source) > 300:
            issues.add("the source note is longer than 300 characters", row=row, field="source")
        if indicator is not None and date is not None:
            key = (code, date, municipality.code if municipality else "")
            if key in seen:
                issues.add(
                    f"same indicator, date and municipality as row {seen[key]}",
                    row=row,
                    field="date",
                )
            seen[key] = row
        if indicator is not None and date is not None and value is not None:
            parsed.append((row, indicator, date, municipality, value, source))
    issues.raise_if_any()

    existing = {
        (m.indicator_id, m.date, m.municipality_id): m
        for m in Measurement.objects.filter(indicator__in=[p[1] for p in parsed]).filter(
            date__in={p[2] for p in parsed}
        )
    }
    result = ImportResult(dry_run=dry_run)
    to_create: list[Measurement] = []
    to_update: list[Measurement] = []
    for row, indicator, date, municipality, value, source in parsed:
        old = existing.get((indicator.pk, date, municipality.pk if municipality else None))
        previous = old.value if old is not None else None
        if old is None:
            action = "create"
            to_create.append(
                Measurement(
                    indicator=indicator,
                    date=date,
                    value=value,
                    municipality=municipality,
                    source=source or filename,
                    entered_by=by,
                )
            )
        elif old.value == value:
            action = "unchanged"
        else:
            action = "update"
            old.value = value
            old.source = source or filename
            old.entered_by = by
            to_update.append(old)
        result.rows.append(
            ImportRow(
                row=row,
                indicator=indicator.code,
                date=date,
                municipality=municipality.code if municipality else "",
                value=value,
                previous=previous,
                action=action,
            )
        )
    if not dry_run:
        with transaction.atomic():
            if to_create:
                bulk_create_with_history(to_create, Measurement, default_user=by)
            if to_update:
                bulk_update_with_history(
                    to_update,
                    Measurement,
                    ["value", "source", "entered_by"],
                    default_user=by,
                    default_change_reason=f"import {filename}",
                )
    return result


MAX_ERRORS_SHOWN = 100


def import_error_list(exc: ImportFailed) -> list[dict[str, Any]]:
    """The first 100 errors with their row and field; when there are more, a last item says
    how many there are in total."""
    shown = exc.issues[:MAX_ERRORS_SHOWN]
    errors = problem_errors(shown)
    total = max(exc.total, len(exc.issues))
    if total > len(shown):
        errors.append(
            {
                "field": "file",
                "message": f"{total - len(shown)} more errors not shown ({total} in total)",
            }
        )
    return errors
