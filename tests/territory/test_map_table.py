"""The map's text alternative: per population band, the number of municipalities and their
population (the map's data in figures), cached under the register fingerprint."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from localret.territory.bands import BANDS
from localret.territory.models import Municipality

from ..conftest import speaking

pytestmark = pytest.mark.django_db

MAP = "/municipis/mapa/"


def table_rows(html: str) -> list[list[str]]:
    table = html[html.index("<table>") : html.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [
            htmllib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def expected() -> dict[str, tuple[int, int]]:
    return {
        b.code: (
            Municipality.objects.filter(population_band=b.code).count(),
            Municipality.objects.filter(population_band=b.code).aggregate(p=Sum("population"))["p"]
            or 0,
        )
        for b in BANDS
    }


def test_the_table_gives_municipalities_and_population_per_band(client):
    response = speaking(client, "en").get(MAP)
    assert response.status_code == 200
    summary = response.context["summary"]
    figures = {r["code"]: (r["municipalities"], r["population"]) for r in summary["rows"]}
    assert figures == expected()
    assert [r["code"] for r in summary["rows"]] == [b.code for b in BANDS]
    assert summary["municipalities"] == Municipality.objects.count() == 947
    assert summary["population"] == Municipality.objects.aggregate(p=Sum("population"))["p"]
    assert sum(n for n, _ in figures.values()) + summary["without_population"] == 947

    rows = table_rows(response.content.decode())
    assert rows[0] == ["Band (inhabitants)", "Municipalities", "Population"]
    by_label = {r[0]: r[1:] for r in rows[1:]}
    # the bands read in English figures: "501–1,000", "more than 50,000"
    english = ["1–500", "501–1,000", "1,001–5,000", "5,001–20,000", "20,001–50,000"]
    for band, label in zip(BANDS, [*english, "more than 50,000"], strict=True):
        count, population = figures[band.code]
        assert by_label[label] == [f"{count:,}", f"{population:,}"]
    assert by_label["Total"] == [f"{summary['municipalities']:,}", f"{summary['population']:,}"]


def test_figures_follow_the_language_and_each_band_links_to_its_municipalities(client):
    html = client.get(MAP).content.decode()  # Catalan: "." groups thousands
    total = Municipality.objects.aggregate(p=Sum("population"))["p"]
    assert f"{total:,}".replace(",", ".") in html
    assert "Municipis i població per tram de població" in html
    assert '<a href="/municipis/?population_band=50001%2B">més de 50.000</a>' in html
    response = client.get("/municipis/?population_band=50001%2B")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected()["50001+"][0]


def test_the_page_is_cached_and_a_change_in_the_register_shows_at_once(client):
    client.get(MAP)
    with CaptureQueriesContext(connection) as queries:
        warm = client.get(MAP)
    assert warm.status_code == 200
    assert len(queries) == 1  # the register fingerprint; no aggregate, no rendering
    assert "SUM(" not in queries[0]["sql"].upper()
    before = expected()
    small = Municipality.objects.filter(population_band="1-500").order_by("code").first()
    small.population = 60000
    small.save()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(MAP).content.decode()
    assert any("SUM(" in q["sql"].upper() for q in queries)
    rows = {r[0]: r[1] for r in table_rows(html)[1:]}
    assert rows["més de 50.000"] == str(before["50001+"][0] + 1)
    assert rows["1–500"] == str(before["1-500"][0] - 1)
