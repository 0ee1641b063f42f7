"""Import of measurements from a CSV or XLSX file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from localret.core import audit
from localret.core.formatting import date_short
from localret.core.tabular import (
    ImportFailed,
    IssueCollector,
    parse_date,
    parse_decimal,
    problem_errors,
    read_table,
)

from ..models import Indicator, Measurement
from .base import _closed_plan

# --- Import -------------------------------------------------------------------------------------

IMPORT_COLUMNS = {
    "indicator": ("indicator", "indicator_code", "code", "indicador", "codi"),
    "date": ("date", "data", "fecha"),
    "value": ("value", "valor"),
    "municipality": ("municipality", "municipality_code", "municipi", "municipio"),
    "source": ("source", "font", "fuente"),
}


REQUIRED_COLUMNS = ("indicator", "date", "value")


@dataclass(slots=True)
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

    from .. import plausibility

    table = read_table(data, filename, keep_row_issues=True)
    columns = _column_map(table.headers)
    issues = IssueCollector(filename=filename)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            issues.add(_("missing column %(column)s") % {"column": name}, row=1, field=name)
    issues.raise_if_any()
    issues.issues.extend(table.issues)  # rows with too many values, reported with the others

    codes = {values.get(columns["indicator"], "").strip() for _row, values in table.rows}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    muni_codes = (
        {values.get(columns["municipality"], "").strip() for _row, values in table.rows}
        if "municipality" in columns
        else set()
    )
    # A code that lost its leading zero (a spreadsheet saved "082981" as 82981) still counts.
    muni_codes |= {c.zfill(6) for c in muni_codes if c.isdigit()}
    municipalities = dict(
        Municipality.objects.filter(code__in=muni_codes).values_list("code", "pk")
    )
    today = timezone.localdate()
    # What is the same for many rows is worked out once: an indicator's refusal (unknown,
    # computed, closed plan) and plausible range, a date's parse.
    refusal: dict[str, str | None] = {}
    ranges: dict[str, Any] = {}
    for code, ind in indicators.items():
        if ind.computed_key:
            refusal[code] = _(
                "indicator %(code)s is computed from platform data; it cannot be imported"
            ) % {"code": code}
        elif _closed_plan(ind):
            refusal[code] = _(
                "indicator %(code)s belongs to a closed plan; its results are final"
            ) % {"code": code}
        else:
            refusal[code] = None
        ranges[code] = plausibility.effective_range(ind.unit, ind.plausible_low, ind.plausible_high)
    dates: dict[str, dt.date | ValueError] = {}
    # (row, indicator code, date, municipality code or "", municipality pk or None, value,
    # source), for the rows without a problem.
    parsed: list[tuple[int, str, dt.date, str, int | None, Decimal, str]] = []
    seen: dict[tuple[str, dt.date, str], int] = {}
    col_indicator, col_date, col_value = columns["indicator"], columns["date"], columns["value"]
    col_muni, col_source = columns.get("municipality"), columns.get("source")
    for row, values in table.rows:
        code = values.get(col_indicator, "").strip()
        indicator = indicators.get(code)
        if not code:
            issues.add(_("an indicator code is required"), row=row, field="indicator")
        elif indicator is None:
            issues.add(
                _("unknown indicator “%(code)s”") % {"code": code}, row=row, field="indicator"
            )
        elif refusal[code]:
            issues.add(refusal[code] or "", row=row, field="indicator")
        date_text = values.get(col_date, "")
        date = dates.get(date_text)
        if date is None:
            try:
                date = parse_date(date_text)
            except ValueError as exc:
                date = exc
            dates[date_text] = date
        if isinstance(date, ValueError):
            issues.add(str(date), row=row, field="date")
            date = None
        elif date > today:
            issues.add(
                _("%(date)s is in the future") % {"date": date_short(date)}, row=row, field="date"
            )
        value = None
        try:
            value = parse_decimal(values.get(col_value, ""))
            if indicator is not None:
                value = plausibility.normalize(value)
                problem = plausibility.check(value, ranges[code])
                if problem is not None:
                    issues.add(f"{problem} (unit: {indicator.unit or '-'})", row=row, field="value")
                    value = None
            elif abs(value) >= Decimal("1e15"):
                issues.add(_("the value is too large"), row=row, field="value")
        except ValueError as exc:  # plausibility.InvalidValue too
            issues.add(str(exc), row=row, field="value")
            value = None
        muni_code = values.get(col_muni, "").strip() if col_muni else ""
        muni_pk = None
        if muni_code:
            if muni_code.isdigit() and muni_code.zfill(6) in municipalities:
                muni_code = muni_code.zfill(6)
            muni_pk = municipalities.get(muni_code)
            if muni_pk is None:
                issues.add(
                    _("unknown municipality code “%(code)s”") % {"code": muni_code},
                    row=row,
                    field="municipality",
                )
        source = values.get(col_source, "").strip() if col_source else ""
        if len(source) > 300:
            issues.add(_("the source note is longer than 300 characters"), row=row, field="source")
        if indicator is not None and date is not None:
            key = (code, date, muni_code if muni_pk else "")
            if key in seen:
                issues.add(
                    _("same indicator, date and municipality as row %(row)s") % {"row": seen[key]},
                    row=row,
                    field="date",
                )
            seen[key] = row
        if indicator is not None and date is not None and value is not None:
            parsed.append((row, code, date, muni_code if muni_pk else "", muni_pk, value, source))
    issues.raise_if_any()

    fields = [f.attname for f in Measurement._meta.concrete_fields]
    existing = {
        (m["indicator_id"], m["date"], m["municipality_id"]): m
        for m in Measurement.objects.filter(
            indicator__in={indicators[p[1]].pk for p in parsed}, date__in={p[2] for p in parsed}
        ).values(*fields)
    }
    result = ImportResult(dry_run=dry_run)
    by_pk = getattr(by, "pk", None)
    now = timezone.now()
    to_create: list[dict[str, Any]] = []
    to_update: list[dict[str, Any]] = []
    for row, code, date, muni_code, muni_pk, value, source in parsed:
        indicator_pk = indicators[code].pk
        old = existing.get((indicator_pk, date, muni_pk))
        previous = old["value"] if old is not None else None
        if old is None:
            action = "create"
            to_create.append(
                {
                    "indicator_id": indicator_pk,
                    "date": date,
                    "value": value,
                    "municipality_id": muni_pk,
                    "source": source or filename,
                    "entered_by_id": by_pk,
                    "created_at": now,
                }
            )
        elif old["value"] == value:
            action = "unchanged"
        else:
            action = "update"
            to_update.append(
                {**old, "value": value, "source": source or filename, "entered_by_id": by_pk}
            )
        result.rows.append(ImportRow(row, code, date, muni_code, value, previous, action))
    if not dry_run:
        _measurements_write(to_create, to_update, by=by, reason=f"import {filename}")
    return result


def _measurements_write(
    to_create: list[dict[str, Any]], to_update: list[dict[str, Any]], *, by: Any, reason: str
) -> None:
    """The import's write, all or nothing: the new measurements and the changed ones in bulk
    statements, each with its history row (who, when, why: the file)."""
    with transaction.atomic():
        if audit.bulk_history_supported(Measurement):
            if to_create:
                audit.bulk_insert_audited(
                    Measurement,
                    to_create,
                    by=by,
                    reason=reason,
                    key=("indicator_id", "date", "municipality_id"),
                )
            if to_update:
                audit.bulk_update_audited(
                    Measurement,
                    to_update,
                    ["value", "source", "entered_by_id"],
                    by=by,
                    reason=reason,
                )
            return
        # A database that does not return the keys of a multi-row insert: the ORM's bulk path.
        if to_create:
            bulk_create_with_history(
                [Measurement(**r) for r in to_create],
                Measurement,
                default_user=by,
                default_change_reason=reason,
            )
        if to_update:
            bulk_update_with_history(
                [Measurement(**r) for r in to_update],
                Measurement,
                ["value", "source", "entered_by"],
                default_user=by,
                default_change_reason=reason,
            )


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
