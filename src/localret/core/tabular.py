"""Reading CSV and XLSX files that people produce, with errors that say file, row and field.

Shared by every importer (register, measurements, maturity answers, coverage, candidates).
Accepts what Catalan spreadsheets produce: UTF-8 with or without BOM, ``;`` or ``,`` as the
separator, decimal comma. Row numbers are the ones a spreadsheet shows: the header is row 1,
the first data row is row 2. Messages are in the active language (Catalan by default: an import
run by the task worker speaks the platform's language).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .errors import Invalid
from .formatting import number


@dataclass(frozen=True)
class ImportIssue:
    message: str
    row: int | None = None
    field: str | None = None
    file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.field:
            where.append(_("column %(column)s") % {"column": self.field})
        return f"{', '.join(where)}: {self.message}" if where else self.message


def problem_errors(issues: Iterable[ImportIssue]) -> list[dict[str, Any]]:
    """The ``errors`` of a problem+json answer: ``{field, row?, message}``. A problem of the whole
    file (no row, no field: empty, wrong encoding...) is on the field ``file``; ``row`` is
    left out when there is none."""
    out = []
    for issue in issues:
        item: dict[str, Any] = {"field": issue.field or ("file" if issue.row is None else None)}
        if issue.row is not None:
            item["row"] = issue.row
        item["message"] = issue.message
        out.append(item)
    return out


# An import reports at most this many problems (the first ones) and how many there are in all.
MAX_REPORTED_ISSUES = 100
# An XLSX workbook is refused before parsing when its parts would expand beyond this size or a
# sheet declares more rows or cells than this (a small "zip bomb" can hold millions of cells).
MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_XLSX_ROWS = 200_000
MAX_XLSX_CELLS = 4_000_000


class ImportFailed(Invalid):
    """The file is not valid; nothing was written. ``issues`` lists the first
    :data:`MAX_REPORTED_ISSUES` problems found, ``total`` how many there are in all; ``errors``
    are the same as problem+json items (an import router may answer with its own summary)."""

    title = "The file is not valid; nothing was written"

    def __init__(self, issues: Iterable[ImportIssue]) -> None:
        found = list(issues)
        self.total = len(found)
        self.issues = found[:MAX_REPORTED_ISSUES]
        message = "; ".join(str(i) for i in self.issues[:20])
        if self.total > MAX_REPORTED_ISSUES:
            message = _("%(total)s problems, the first %(listed)s listed: %(message)s") % {
                "total": number(self.total),
                "listed": MAX_REPORTED_ISSUES,
                "message": message,
            }
        super().__init__(message, problem_errors(self.issues))


@dataclass
class Table:
    filename: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, values)
    # Rows that could not be read as the header says (left out of ``rows``).
    issues: list[ImportIssue] = field(default_factory=list)


@dataclass
class RowTable:
    """A file read as lists: each row's values in the order of ``headers`` (padded with "" to
    their number), as written (not stripped). For an importer of tens of thousands of rows,
    which reads the columns it needs by position instead of building a dict per row."""

    filename: str
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, values)
    issues: list[ImportIssue] = field(default_factory=list)


@dataclass
class IssueCollector:
    filename: str | None = None
    issues: list[ImportIssue] = field(default_factory=list)

    def add(self, message: str, row: int | None = None, field: str | None = None) -> None:
        self.issues.append(ImportIssue(message=message, row=row, field=field, file=self.filename))

    def raise_if_any(self) -> None:
        if self.issues:
            raise ImportFailed(self.issues)

    def __bool__(self) -> bool:
        return bool(self.issues)


def _decode(data: bytes, filename: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            [
                ImportIssue(
                    _("the file is not UTF-8 text (byte %(byte)s); save it as CSV UTF-8")
                    % {"byte": exc.start + 1},
                    row=line,
                    file=filename,
                )
            ]
        ) from exc


def _read_csv(text: str, filename: str) -> RowTable:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed([ImportIssue(_("the file is empty"), file=filename)]) from None
    headers = [h.strip().lstrip("\ufeff") for h in header]
    table = RowTable(filename=filename, headers=headers)
    width = len(headers)
    append = table.rows.append
    try:
        for index, values in enumerate(reader, start=2):
            if len(values) == width:
                if not "".join(values).strip():
                    continue
            elif len(values) > width:
                if not "".join(values).strip():
                    continue
                table.issues.append(
                    ImportIssue(
                        _("the row has %(values)s values but the header has %(columns)s")
                        % {"values": len(values), "columns": width},
                        row=index,
                        file=filename,
                    )
                )
                continue
            else:
                if not "".join(values).strip():
                    continue
                values += [""] * (width - len(values))
            append((index, values))
    except csv.Error as exc:
        raise ImportFailed(
            [
                ImportIssue(
                    _("malformed CSV: %(error)s") % {"error": exc},
                    row=reader.line_num,
                    file=filename,
                )
            ]
        ) from exc
    return table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for code in letters:
        number = number * 26 + (code - 64)
    return number


def check_xlsx_size(data: bytes, filename: str) -> None:
    """Refuse, before parsing, a workbook whose declared uncompressed size, or a sheet whose
    declared dimension (rows, cells), exceeds the limits."""

    def refuse(message: str) -> ImportFailed:
        return ImportFailed([ImportIssue(message, file=filename)])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return  # openpyxl reports the broken file
    with archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_XLSX_UNCOMPRESSED:
            limit = MAX_XLSX_UNCOMPRESSED // (1024 * 1024)
            raise refuse(
                _("the workbook expands to more than %(limit)s MB; save it as CSV")
                % {"limit": limit}
            )
        for member in members:
            if not member.filename.startswith("xl/worksheets/") or member.is_dir():
                continue
            with archive.open(member) as sheet:
                head = sheet.read(4096)
            match = _DIMENSION.search(head)
            if not match or not match.group(4):
                continue
            rows = int(match.group(4)) - int(match.group(2) or 1) + 1
            columns = _column_number(match.group(3)) - _column_number(match.group(1) or b"A") + 1
            if rows > MAX_XLSX_ROWS or rows * columns > MAX_XLSX_CELLS:
                raise refuse(
                    _(
                        "the sheet declares %(rows)s rows and %(columns)s columns; at most "
                        "%(max_rows)s rows and %(max_cells)s cells are read"
                    )
                    % {
                        "rows": number(rows),
                        "columns": number(columns),
                        "max_rows": number(MAX_XLSX_ROWS),
                        "max_cells": number(MAX_XLSX_CELLS),
                    }
                )


def _read_xlsx(data: bytes, filename: str) -> RowTable:
    from openpyxl import load_workbook

    check_xlsx_size(data, filename)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFailed(
            [
                ImportIssue(
                    _("not a readable XLSX workbook (%(error)s)")
                    % {"error": exc.__class__.__name__},
                    file=filename,
                )
            ]
        ) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        raise ImportFailed([ImportIssue(_("the workbook is empty"), file=filename)]) from None
    headers = [_cell_text(h) for h in header]
    while headers and headers[-1] == "":
        headers.pop()
    table = RowTable(filename=filename, headers=headers)
    for index, values in enumerate(rows, start=2):
        if index > MAX_XLSX_ROWS + 1:  # a sheet that declared no (or a false) dimension
            workbook.close()
            raise ImportFailed(
                [
                    ImportIssue(
                        _("the sheet has more than %(max_rows)s rows")
                        % {"max_rows": number(MAX_XLSX_ROWS)},
                        file=filename,
                    )
                ]
            )
        texts = [_cell_text(v) for v in values][: len(headers)]
        if not any(texts):
            continue
        texts += [""] * (len(headers) - len(texts))
        table.rows.append((index, texts))
    workbook.close()
    return table


def read_rows(
    data: bytes,
    filename: str = "file",
    required: Iterable[str] = (),
    allow_empty: bool = False,
    keep_row_issues: bool = False,
) -> RowTable:
    """Read a CSV or XLSX file (by content) and check its required columns; the rows as lists
    (:class:`RowTable`). :func:`read_table` gives them as dicts.

    A row with more values than the header is reported (every such row, not just the first):
    by default :class:`ImportFailed` is raised; with ``keep_row_issues`` the rows are left out
    and their problems kept in ``table.issues``, for an importer that reports them together
    with its own checks of the other rows."""
    if not data or not data.strip():
        raise ImportFailed([ImportIssue(_("the file is empty"), file=filename)])
    if data[:4] == b"PK\x03\x04":
        table = _read_xlsx(data, filename)
    else:
        table = _read_csv(_decode(data, filename), filename)
    missing = [column for column in required if column not in table.headers]
    issues = [
        ImportIssue(
            _("missing column %(column)s") % {"column": column}, row=1, field=column, file=filename
        )
        for column in missing
    ]
    seen: set[str] = set()
    for header in table.headers:
        if header in seen and header:
            issues.append(
                ImportIssue(
                    _("column %(column)s appears twice") % {"column": header}, row=1, file=filename
                )
            )
        seen.add(header)
    if not keep_row_issues:
        issues.extend(table.issues)
    if issues:
        raise ImportFailed(issues)
    if not table.rows and not table.issues and not allow_empty:
        raise ImportFailed(
            [ImportIssue(_("the file has a header but no data rows"), file=filename)]
        )
    return table


def read_table(
    data: bytes,
    filename: str = "file",
    required: Iterable[str] = (),
    allow_empty: bool = False,
    keep_row_issues: bool = False,
) -> Table:
    """:func:`read_rows`, each row as a dict of its values by header (stripped)."""
    read = read_rows(data, filename, required, allow_empty, keep_row_issues)
    headers = read.headers
    return Table(
        filename=read.filename,
        headers=headers,
        rows=[
            (index, {h: v.strip() for h, v in zip(headers, values, strict=True)})
            for index, values in read.rows
        ],
        issues=read.issues,
    )


def parse_decimal(text: str) -> Decimal:
    """Parse a number written the Catalan or the English way: ``1234,5``, ``1.234,5``,
    ``1234.5``, ``-3``. Raises ValueError with a readable message."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise ValueError(_("a number is required"))
    if "," in raw and "." in raw:
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif "," in raw:
        if raw.count(",") > 1:
            raise ValueError(_("“%(text)s” is not a number") % {"text": text})
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number") % {"text": text}) from None
    if not value.is_finite():
        raise ValueError(_("“%(text)s” is not a finite number") % {"text": text})
    return value


def parse_int(text: str) -> int:
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise ValueError(_("“%(text)s” is not a whole number") % {"text": text})
    return int(value)


def parse_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` or ``DD/MM/YYYY``."""
    raw = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    if not raw:
        raise ValueError(_("a date is required"))
    raise ValueError(
        _("“%(text)s” is not a date (expected YYYY-MM-DD or DD/MM/YYYY)") % {"text": text}
    )
