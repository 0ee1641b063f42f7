"""The shared export writer (issue 13, finding 5): text that a spreadsheet would run as a
formula gets a leading ``'``; numbers stay numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from localret.core.export import csv_writer, neutralise, xlsx_append

HOSTILE = ['=HYPERLINK("http://x")', "+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_a_formula_gets_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-3, 2.5, Decimal("-1.25"), "-3.5", "+4", "-1,5", "Vic", ""])
def test_numbers_and_plain_text_are_unchanged(value):
    assert neutralise(value) == value


def test_csv_writer_neutralises_rows_but_not_the_header():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writeheader(["name", "value"])
    writer.writerow(["=1+1", -2])
    assert out.getvalue().splitlines() == ["name,value", "'=1+1,-2"]


def test_xlsx_cells_are_text_not_formulas():
    wb = Workbook()
    sheet = wb.active
    xlsx_append(sheet, ["=1+1", -2, Decimal("3.5")])
    buffer = io.BytesIO()
    wb.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows(values_only=True))
    assert row == ("'=1+1", -2, 3.5)
