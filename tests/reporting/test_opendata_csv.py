"""The open-data CSV's fast writer (chunks of rows, a formatter per column) gives the same bytes
as the straightforward writer it replaced: each cell neutralised, then formatted by its Python
type, one ``csv.writer.writerow`` per row."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import models

from localret.core.export import neutralise
from localret.reporting.opendata import DATASETS, Dataset
from localret.reporting.opendata_csv import CSV_CHUNK_ROWS, csv_chunks
from localret.strategy.models import Measurement
from localret.territory.models import Municipality

from .factories import small_plan

pytestmark = pytest.mark.django_db


def _reference_cell(value: Any) -> Any:
    """The cell as the former writer wrote it (``neutralise``, then booleans, dates, decimals
    and floats)."""
    value = neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, float):
        return round(value, 6)
    return value


def _reference_csv(dataset: Dataset, demo: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c[0] for c in dataset.columns])
    for row in dataset.rows():
        writer.writerow([_reference_cell(v) for v in [*row, demo]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _fast_csv(dataset: Dataset, demo: bool) -> bytes:
    return "".join(csv_chunks(dataset.columns, dataset.rows(), demo)).encode("utf-8")


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_every_dataset_csv_is_byte_for_byte_the_reference(client):
    small_plan()
    small_plan(slug="pla-2", name="=SUM(A1:A9)")  # a hostile name, to be neutralised
    measurements = list(Measurement.objects.order_by("pk"))
    hostile = ["=1+2", "-3.5", "+34 93 000 00 00", "@SUM(1)", "\tx", "a,b", 'say "hi"', ""]
    for i, m in enumerate(measurements):
        m.source = hostile[i % len(hostile)]
        m.value = [Decimal("-5"), Decimal("3.25"), Decimal("0"), Decimal("1234567.125")][i % 4]
        m.municipality = Municipality.objects.order_by("code")[i] if i % 3 == 0 else None
        m.save()
    for slug, dataset in DATASETS.items():
        response = client.get(f"/dades-obertes/{slug}.csv")
        assert response.status_code == 200
        assert _body(response) == _reference_csv(dataset, dataset.is_demo()), slug
    # Not a tautology: the measurements file has the rows and the neutralised cells.
    text = _body(client.get("/dades-obertes/mesures.csv")).decode("utf-8-sig")
    assert len(text.splitlines()) == 1 + 18
    assert "'=1+2" in text and ",-3.5," in text and "3.25000000" in text
    assert "'=SUM(A1:A9)" in _body(client.get("/dades-obertes/pla.csv")).decode()


class _Kind(models.TextChoices):
    ON = "on", "On"
    FORMULA = "=on", "Formula"


def _mixed_rows():
    """Each declared type with the values it expects and with every other kind of value (the
    formatters' fallbacks), over more than one chunk."""
    odd: list[Any] = [
        None,
        "",
        "-2",
        "=HYPERLINK(1)",
        "\rx",
        True,
        False,
        3,
        2.5,
        1 / 3,
        Decimal("7.000"),
        Decimal("0E-8"),
        Decimal("5E+2"),
        Decimal("-0.0"),
        Decimal("1.10"),
        dt.date(2024, 2, 29),
        dt.datetime(2024, 2, 29, 10, 30, tzinfo=dt.UTC),
        _Kind.ON,
        _Kind.FORMULA,
    ]
    for i in range(2 * CSV_CHUNK_ROWS + 37):
        other = odd[i % len(odd)]
        if i < CSV_CHUNK_ROWS:  # the first chunks: only the expected types
            yield ["ok" if i % 2 else None, i, Decimal(i) / 8, dt.date(2020, 1, 1), i % 2 == 0]
        elif i < 2 * CSV_CHUNK_ROWS:
            yield [f"+x{i}" if i % 5 else "x", i, float(i) / 7, None, None]
        else:
            yield [other, other, other, other, other]


def test_fallbacks_give_the_reference_for_any_value_in_any_column():
    dataset = dataclasses.replace(
        DATASETS["mesures"],
        columns=[
            ("text", "string", ""),
            ("integer", "integer", ""),
            ("number", "number", ""),
            ("date", "date", ""),
            ("flag", "boolean", ""),
            ("demo", "boolean", ""),
        ],
        rows=_mixed_rows,
    )
    for demo in (False, True):
        assert _fast_csv(dataset, demo) == _reference_csv(dataset, demo)
    lines = _fast_csv(dataset, False).decode("utf-8-sig").splitlines()
    assert lines[1] == ",0,0,2020-01-01,true,false"
    assert lines[1 + CSV_CHUNK_ROWS + 1].startswith("'+")


def test_unknown_column_type_still_neutralises():
    dataset = dataclasses.replace(
        DATASETS["mesures"],
        columns=[("x", "anyURI", ""), ("demo", "boolean", "")],
        rows=lambda: iter([["=cmd"], [Decimal("2.0")], [None]]),
    )
    assert _fast_csv(dataset, False) == _reference_csv(dataset, False)
    assert _fast_csv(dataset, False).decode("utf-8-sig").splitlines()[1:] == [
        "'=cmd,false",
        "2,false",
        ",false",
    ]
