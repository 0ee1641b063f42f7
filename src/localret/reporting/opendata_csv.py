"""The open-data CSV writer: fast and memory-flat, the same bytes as writing each cell by hand.

Rows are taken ``CSV_CHUNK_ROWS`` at a time. Each column of a chunk goes through the function of
its declared type (``string``, ``integer``, ``number``, ``date``, ``boolean``), chosen once per
file: when its values are all of the types the column is meant to hold (asked once per chunk,
``map(type, ...)``), the work is done by C functions (``date.isoformat``, ``round``,
``str.startswith``) or not at all; any other value goes through ``csv_cell``, the reference
(text that would start a formula neutralised, booleans as ``true``/``false``, dates in ISO
8601, decimals with a point and without trailing zeros when whole). ``csv.writer.writerows``
then writes the chunk. ``tests/reporting/test_opendata_csv.py`` holds the reference writer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice, repeat
from typing import Any

from localret.core.export import FORMULA_STARTS, neutralise


def cell(value: Any) -> Any:
    """A value as the open data write it (CSV and JSON): dates in ISO 8601, decimals with a
    point (whole ones without decimals), floats to 6 decimals."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, float):
        return round(value, 6)
    return value


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _csv_cell(value: Any) -> Any:
    """A cell as the CSV writes it: text that would start a formula neutralised, booleans as
    true/false (the CSVW format), the rest as ``cell``. The reference for every column: the
    functions below take shortcuts for the types they expect and give anything else to it."""
    value = neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return cell(value)


def _text_cell(value: Any) -> Any:
    if type(value) is str:
        return neutralise(value) if value.startswith(FORMULA_STARTS) else value
    return value if value is None else _csv_cell(value)


def _integer_cell(value: Any) -> Any:
    return value if value is None or type(value) is int else _csv_cell(value)


def _number_cell(value: Any) -> Any:
    kind = type(value)
    if kind is Decimal:
        return _decimal_text(value)
    if kind is float:
        return round(value, 6)
    return value if value is None or kind is int else _csv_cell(value)


def _date_cell(value: Any) -> Any:
    if type(value) is dt.date:
        return value.isoformat()
    return value if value is None else _csv_cell(value)


def _boolean_cell(value: Any) -> Any:
    return _BOOLEANS[value] if value is None or type(value) is bool else _csv_cell(value)


_BOOLEANS = {True: "true", False: "false", None: None}
_NONE = type(None)


# A column of a chunk as the CSV writes it, by the column's declared type, given the set of
# the types of its values.
Column = Sequence[Any]


def _text_column(column: Column, types: set[type]) -> Iterable[Any]:
    if types <= {str, _NONE} and not any(
        map(str.startswith, filter(None, column), repeat(FORMULA_STARTS))
    ):
        return column  # no text that could start a formula: nothing to neutralise
    return map(_text_cell, column)


def _integer_column(column: Column, types: set[type]) -> Iterable[Any]:
    return column if types <= {int, _NONE} else map(_integer_cell, column)


def _number_column(column: Column, types: set[type]) -> Iterable[Any]:
    if types <= {int, _NONE}:
        return column
    if types == {float}:
        return map(round, column, repeat(6))
    if types == {Decimal}:
        return map(_decimal_text, column)
    return map(_number_cell, column)


def _date_column(column: Column, types: set[type]) -> Iterable[Any]:
    if types == {dt.date}:
        return map(dt.date.isoformat, column)
    return map(_date_cell, column)


def _boolean_column(column: Column, types: set[type]) -> Iterable[Any]:
    return map(_boolean_cell, column)


def _any_column(column: Column, types: set[type]) -> Iterable[Any]:
    return map(_csv_cell, column)


_COLUMN_BY_TYPE: dict[str, Callable[[Column, set[type]], Iterable[Any]]] = {
    "string": _text_column,
    "integer": _integer_column,
    "number": _number_column,
    "date": _date_column,
    "boolean": _boolean_column,
}
CSV_CHUNK_ROWS = 2000  # rows written and sent at a time (about 130 kB of measurements)


def csv_chunks(
    columns: Sequence[tuple[str, str, str]], rows: Iterable[Sequence[Any]], demo: bool
) -> Iterator[str]:
    """The CSV of a dataset (with its BOM and header) in pieces of ``CSV_CHUNK_ROWS`` rows:
    the rows are read in chunks, each column of a chunk is formatted by the function of its
    declared type (chosen once), and ``csv.writer.writerows`` writes the chunk; memory stays
    that of one chunk whatever the size of the dataset."""
    names = [c[0] for c in columns]
    formats = [_COLUMN_BY_TYPE.get(kind, _any_column) for _n, kind, _d in columns[:-1]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)  # our column names, as they are
    yield "\ufeff" + buffer.getvalue()
    remaining = iter(rows)
    demo_cell = _csv_cell(demo)
    while chunk := list(islice(remaining, CSV_CHUNK_ROWS)):
        cells = [
            fmt(column, set(map(type, column)))
            for fmt, column in zip(formats, zip(*chunk, strict=True), strict=True)
        ]
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(zip(*cells, repeat(demo_cell, len(chunk)), strict=True))
        yield buffer.getvalue()
