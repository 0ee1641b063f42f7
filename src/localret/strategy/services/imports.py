"""Import of measurements from a CSV or XLSX file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
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
    read_rows,
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
# The answer is a summary: the first rows of each kind of change are kept (the import page
# shows the first 500 rows of the file, the API the first 20 of each kind).
KEPT_PER_ACTION = 500
ACTIONS = ("create", "update", "unchanged")


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
    """What an import wrote (or would write): how many rows of each kind, and the first
    :data:`KEPT_PER_ACTION` rows of each kind, in file order (``rows``; a file's first 500
    rows are all there)."""

    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def first_changes(self, per_kind: int) -> list[ImportRow]:
        """The first ``per_kind`` rows of each action (at most :data:`KEPT_PER_ACTION`), in
        file order (for a summary)."""
        seen: dict[str, int] = {}
        out = []
        for r in self.rows:
            if seen.get(r.action, 0) < per_kind:
                seen[r.action] = seen.get(r.action, 0) + 1
                out.append(r)
        return out


def _column_map(headers: Sequence[str]) -> dict[str, int]:
    """The position of each known column (by its name or an alias) among ``headers``."""
    lowered = {h.strip().lower(): i for i, h in enumerate(headers)}
    found = {}
    for name, aliases in IMPORT_COLUMNS.items():
        for alias in aliases:
            if alias in lowered:
                found[name] = lowered[alias]
                break
    return found


# What a cell's text means, worked out once for each distinct text of the file.
_Indicator = tuple[str, int | None, str | None, Any, str]  # code, pk, refusal, range, unit
_Municipality = tuple[str, int | None, str | None]  # code, pk, refusal
_Date = tuple[dt.date | None, str | None]  # date, refusal


def _indicator_states(texts: set[str]) -> dict[str, _Indicator]:
    from .. import plausibility

    codes = {t.strip() for t in texts}
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes - {""})}
    states: dict[str, _Indicator] = {}
    for text in texts:
        code = text.strip()
        ind = found.get(code)
        if not code:
            states[text] = (code, None, _("an indicator code is required"), None, "")
            continue
        if ind is None:
            states[text] = (
                code,
                None,
                _("unknown indicator “%(code)s”") % {"code": code},
                None,
                "",
            )
            continue
        allowed = plausibility.effective_range(ind.unit, ind.plausible_low, ind.plausible_high)
        refusal: str | None = None
        if ind.computed_key:
            refusal = _(
                "indicator %(code)s is computed from platform data; it cannot be imported"
            ) % {"code": code}
        elif _closed_plan(ind):
            refusal = _("indicator %(code)s belongs to a closed plan; its results are final") % {
                "code": code
            }
        states[text] = (code, ind.pk, refusal, allowed, ind.unit)
    return states


def _municipality_states(texts: set[str]) -> dict[str, _Municipality]:
    from localret.territory.interface import Municipality

    codes = {t.strip() for t in texts}
    # A code that lost its leading zero (a spreadsheet saved "082981" as 82981) still counts.
    codes |= {c.zfill(6) for c in codes if c.isdigit()}
    found = dict(Municipality.objects.filter(code__in=codes - {""}).values_list("code", "pk"))
    states: dict[str, _Municipality] = {}
    for text in texts:
        code = text.strip()
        if code.isdigit() and code.zfill(6) in found:
            code = code.zfill(6)
        pk = found.get(code)
        refusal = None
        if code and pk is None:
            refusal = _("unknown municipality code “%(code)s”") % {"code": code}
        states[text] = (code if pk else "", pk, refusal)
    return states


def _date_states(texts: set[str], today: dt.date) -> dict[str, _Date]:
    states: dict[str, _Date] = {}
    for text in texts:
        try:
            date = parse_date(text)
        except ValueError as exc:
            states[text] = (None, str(exc))
            continue
        future = None
        if date > today:
            future = _("%(date)s is in the future") % {"date": date_short(date)}
        states[text] = (date, future)
    return states


def _value(text: str) -> Decimal:
    """The number of a cell (``parse_decimal``; plain numbers without its rewriting)."""
    if "," not in text and "_" not in text:
        try:
            value = Decimal(text)
        except InvalidOperation:
            pass
        else:
            if value.is_finite():
                return value
    return parse_decimal(text)


def measurements_import(
    *, data: bytes, filename: str = "file", by: Any, dry_run: bool = True
) -> ImportResult:
    """Import measurements from CSV/XLSX (indicator, date, value, [municipality], [source]).

    Every problem is collected with its row and field; if there is any, :class:`ImportFailed`
    is raised and nothing is written. A dry run returns what would change without writing.
    An existing measurement (same indicator, date and municipality) is updated.

    One pass over the rows, reading the columns by position: what is the same for many rows
    (an indicator's refusal and plausible range, a date, a municipality code) is worked out
    once per distinct text, and each valid row becomes the values of its insert or update
    directly (no object per row)."""
    from .. import plausibility

    table = read_rows(data, filename, keep_row_issues=True)
    columns = _column_map(table.headers)
    issues = IssueCollector(filename=filename)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            issues.add(_("missing column %(column)s") % {"column": name}, row=1, field=name)
    issues.raise_if_any()
    issues.issues.extend(table.issues)  # rows with too many values, reported with the others
    add = issues.add

    rows = table.rows
    i_ind, i_date, i_value = columns["indicator"], columns["date"], columns["value"]
    i_muni, i_source = columns.get("municipality"), columns.get("source")
    indicators = _indicator_states({values[i_ind] for _row, values in rows})
    dates = _date_states({values[i_date] for _row, values in rows}, timezone.localdate())
    no_municipality: _Municipality = ("", None, None)
    municipalities = (
        _municipality_states({values[i_muni] for _row, values in rows})
        if i_muni is not None
        else {}
    )
    existing = _existing(indicators, dates)

    by_pk = getattr(by, "pk", None)
    now = timezone.now()
    result = ImportResult(dry_run=dry_run)
    counts = dict.fromkeys(ACTIONS, 0)
    kept = result.rows
    # Rows of the writes: (indicator, date, value, municipality, source, entered by, created
    # at) to insert, (value, source, entered by, key) to update.
    to_create: list[tuple[Any, ...]] = []
    to_update: list[tuple[Any, ...]] = []
    seen: dict[tuple[int, dt.date, int | None], int] = {}
    limit, quantum = plausibility.LIMIT, plausibility.QUANTUM
    for row, values in rows:
        code, ind_pk, refusal, allowed, unit = indicators[values[i_ind]]
        if refusal is not None:
            add(refusal, row=row, field="indicator")
        date, date_refusal = dates[values[i_date]]
        if date_refusal is not None:
            add(date_refusal, row=row, field="date")
        value: Decimal | None = None
        try:
            value = _value(values[i_value])
            if allowed is not None:
                # plausibility.normalize, for a finite Decimal
                if abs(value) >= limit:
                    raise plausibility.InvalidValue("is too large")
                value = value.quantize(quantum, rounding=ROUND_HALF_EVEN)
                problem = plausibility.check(value, allowed)
                if problem is not None:
                    add(f"{problem} (unit: {unit or '-'})", row=row, field="value")
                    value = None
            elif abs(value) >= limit:
                add(_("the value is too large"), row=row, field="value")
        except ValueError as exc:  # plausibility.InvalidValue too
            add(str(exc), row=row, field="value")
            value = None
        muni_code, muni_pk, muni_refusal = (
            municipalities[values[i_muni]] if i_muni is not None else no_municipality
        )
        if muni_refusal is not None:
            add(muni_refusal, row=row, field="municipality")
        source = values[i_source].strip() if i_source is not None else ""
        if len(source) > 300:
            add(_("the source note is longer than 300 characters"), row=row, field="source")
        if ind_pk is None or date is None:
            continue
        key = (ind_pk, date, muni_pk)
        first = seen.setdefault(key, row)
        if first != row:
            add(
                _("same indicator, date and municipality as row %(row)s") % {"row": first},
                row=row,
                field="date",
            )
            continue
        if value is None or issues:
            continue
        old = existing.get(key)
        if old is None:
            action = "create"
            to_create.append((ind_pk, date, value, muni_pk, source or filename, by_pk, now))
        elif old[1] == value:
            action = "unchanged"
        else:
            action = "update"
            to_update.append((value, source or filename, by_pk, old[0]))
        counts[action] += 1
        if counts[action] <= KEPT_PER_ACTION:
            previous = None if old is None else old[1]
            kept.append(ImportRow(row, code, date, muni_code, value, previous, action))
    issues.raise_if_any()
    result.created, result.updated, result.unchanged = (counts[a] for a in ACTIONS)
    if not dry_run:
        _measurements_write(to_create, to_update, by=by, reason=f"import {filename}")
    return result


def _existing(
    indicators: dict[str, _Indicator], dates: dict[str, _Date]
) -> dict[tuple[int, dt.date, int | None], tuple[int, Decimal]]:
    """The stored measurements the file may replace: (primary key, value) by (indicator,
    date, municipality), read in one query (the file's indicators, between its dates)."""
    pks = {state[1] for state in indicators.values() if state[1] is not None}
    days = [state[0] for state in dates.values() if state[0] is not None]
    if not pks or not days:
        return {}
    found = Measurement.objects.filter(
        indicator__in=pks, date__range=(min(days), max(days))
    ).values_list("indicator_id", "date", "municipality_id", "pk", "value")
    return {(i, d, m): (pk, v) for i, d, m, pk, v in found}


CREATE_COLUMNS = (
    "indicator_id",
    "date",
    "value",
    "municipality_id",
    "source",
    "entered_by_id",
    "created_at",
)
UPDATE_COLUMNS = ("value", "source", "entered_by_id")


def _measurements_write(
    to_create: list[tuple[Any, ...]], to_update: list[tuple[Any, ...]], *, by: Any, reason: str
) -> None:
    """The import's write, all or nothing: the new measurements and the changed ones in bulk
    statements, each with its history row (who, when, why: the file)."""
    with transaction.atomic():
        if audit.bulk_history_supported(Measurement):
            if to_create:
                audit.bulk_insert_audited(
                    Measurement, CREATE_COLUMNS, to_create, by=by, reason=reason
                )
            if to_update:
                audit.bulk_update_audited(
                    Measurement, UPDATE_COLUMNS, to_update, by=by, reason=reason
                )
            return
        # A database that does not return the keys of a multi-row insert: the ORM's bulk path.
        if to_create:
            bulk_create_with_history(
                [Measurement(**dict(zip(CREATE_COLUMNS, r, strict=True))) for r in to_create],
                Measurement,
                default_user=by,
                default_change_reason=reason,
            )
        if to_update:
            changed = {r[-1]: r for r in to_update}
            objects = list(Measurement.objects.filter(pk__in=changed))
            for m in objects:
                m.value, m.source, m.entered_by_id = changed[m.pk][:3]
            bulk_update_with_history(
                objects,
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
