"""Issue 13, finding 2: public maturity statistics under disclosure control (groups of 5 at
least, quartiles from 10, no count for a suppressed group, no suppressed cell recoverable from
the published totals of the comarca x band table, in the API, the pages and maduresa.csv)."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pytest

from localret.territory.bands import BAND_CODES
from localret.territory.models import Comarca, Municipality

from ..conftest import api_client, client_for
from .factories import bulk_validated

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(campaign):
    """Three municipalities in one comarca (as Barcelonès had), seven in another, twelve in a
    third, spread over bands."""
    picked: list[str] = []
    for size in (3, 7, 12):
        for comarca in Comarca.objects.order_by("code"):
            codes = list(
                Municipality.objects.filter(comarca=comarca)
                .exclude(code__in=picked)
                .order_by("code")
                .values_list("code", flat=True)
            )
            if len(codes) >= size:
                picked += codes[:size]
                break
    bulk_validated(campaign, {code: 0.1 + 0.035 * i for i, code in enumerate(picked)})
    return picked


def _benchmark(**params: str) -> dict:
    query = urlencode(params)
    return api_client(None).get(f"/api/v1/maturity/benchmark?{query}").json()


def test_no_published_group_is_smaller_than_five_and_quartiles_need_ten(spread):
    for comarca in Comarca.objects.values_list("code", flat=True):
        body = _benchmark(comarca=comarca)
        if body["suppressed"]:
            assert body["count"] is None and body["overall"] is None
        else:
            assert body["count"] >= 5
            if body["count"] < 10:
                assert body["overall"]["q1"] is None and body["overall"]["q3"] is None
                assert body["overall"]["median"] is not None


def test_maduresa_csv_publishes_no_small_group_nor_its_quartiles(spread):
    response = client_for(None).get("/dades-obertes/maduresa.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        if row["count"]:
            assert int(row["count"]) >= 5
            if int(row["count"]) < 10:
                assert row["q1"] == "" and row["q3"] == ""
        else:
            assert row["median"] == "" and row["q1"] == ""


def test_no_suppressed_cell_of_comarca_by_band_follows_from_published_totals(spread):
    comarques = list(Comarca.objects.values_list("code", flat=True))
    known: dict[tuple[str, str], int | None] = {}
    for c in comarques:
        for b in BAND_CODES:
            known[(c, b)] = _benchmark(comarca=c, band=b)["count"]
    rows = {c: _benchmark(comarca=c)["count"] for c in comarques}
    cols = {b: _benchmark(band=b)["count"] for b in BAND_CODES}
    total = _benchmark()["count"]
    # Each row, column and the margins: never exactly one unknown beside a known total.
    for c in comarques:
        unknown = [b for b in BAND_CODES if known[(c, b)] is None] + (
            ["total"] if rows[c] is None else []
        )
        assert len(unknown) != 1, c
    for b in BAND_CODES:
        unknown = [c for c in comarques if known[(c, b)] is None] + (
            ["total"] if cols[b] is None else []
        )
        assert len(unknown) != 1, b
    margin = [c for c in comarques if rows[c] is None] + (["t"] if total is None else [])
    assert len(margin) != 1
    margin = [b for b in BAND_CODES if cols[b] is None] + (["t"] if total is None else [])
    assert len(margin) != 1


def test_the_territorial_balance_on_maturity_need_hides_small_comarques(spread):
    body = api_client(None).get("/api/v1/territorial-balance?basis=maturity_gap").json()
    by = {i["code"]: i for i in body["items"]}
    counts = {}
    for code in spread:
        c = Municipality.objects.get(code=code).comarca.code
        counts[c] = counts.get(c, 0) + 1
    for code, item in by.items():
        if counts.get(code, 0) < 5:
            assert item["reference"] is None and item["reference_share"] is None
    hidden = [code for code, item in by.items() if item["reference"] is None]
    assert len(hidden) != 1
