"""One writer for every CSV and XLSX export: text cannot run as a spreadsheet formula.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel and LibreOffice as a formula (``=HYPERLINK(...)``, ``@SUM(...)``, ``-2+3`` ...): "formula
injection" (CSV injection). Every export writes its rows through :func:`safe_row` (with
:func:`csv_writer` or :func:`xlsx_append`), which prefixes such text with ``'`` so that it is
read as text. Numbers stay numbers: ``int``, ``float`` and ``Decimal`` values are untouched, and so
is text that is just a number (``-3.5``, as open-data files write decimals), which no
spreadsheet runs as anything but that number. Column names are written as they are.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: text that would start a formula gets a ``'``."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(v) for v in values]


class SafeCsvWriter:
    """``csv.writer`` whose rows go through :func:`safe_row`."""

    def __init__(self, target: Any, **options: Any) -> None:
        self._writer = csv.writer(target, **options)

    def writeheader(self, names: Iterable[str]) -> Any:
        """The column names, as they are (they are ours, not user text)."""
        return self._writer.writerow(list(names))

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(target: Any, **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(target, **options)


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """``sheet.append`` with the text cells neutralised (openpyxl would otherwise store text
    that starts with ``=`` as a formula)."""
    sheet.append(safe_row(values))


class _Echo:
    """A file-like object whose ``write`` returns what it is given (for streaming)."""

    def write(self, value: str) -> str:
        return value


def csv_stream(
    header: Iterable[str], rows: Iterable[Iterable[Any]], *, bom: bool = False
) -> Iterator[str]:
    """The lines of a CSV, one at a time (for ``StreamingHttpResponse``): nothing is built in
    memory whatever the number of rows; text cells are neutralised like every export."""
    writer = csv_writer(_Echo())
    yield ("\ufeff" if bom else "") + writer.writeheader(header)
    for row in rows:
        yield writer.writerow(row)


def xlsx_stream(
    sheets: Iterable[tuple[str, Iterable[str] | None, Iterable[Iterable[Any]]]],
) -> IO[bytes]:
    """An XLSX file written with openpyxl's write-only mode (rows go to disk as they come,
    not into a tree of cells in memory): one sheet per (title, header or None, rows). Returns
    the file (a temporary file, removed when closed), positioned at its start."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        if header is not None:
            sheet.append(list(header))
        for row in rows:
            xlsx_append(sheet, row)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned open, closed by the response
    workbook.save(out)
    out.seek(0)
    return out
