import csv
import io
import json
from urllib.parse import urlsplit

import pytest

from localret.reporting import catalogue
from localret.reporting.opendata import DATASETS, LICENSE

from .factories import small_plan

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_catalog_lists_every_dataset_and_every_distribution_answers(client):
    small_plan()
    response = client.get("/dades-obertes/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalog = json.loads(response.content)
    assert catalog["@type"] == "dcat:Catalog"
    datasets = catalog["dcat:dataset"]
    assert {d["dct:identifier"] for d in datasets} == set(DATASETS)
    for d in datasets:
        assert d["dct:license"]["@id"] == LICENSE
        assert d["dct:publisher"]["foaf:name"] == "Localret"
        assert d["dct:modified"]["@value"]
        assert len(d["dcat:distribution"]) == 4
        for dist in d["dcat:distribution"]:
            url = urlsplit(dist["dcat:downloadURL"]["@id"]).path
            assert client.get(url).status_code == 200, url


def test_measurements_csv_streams_rows_of_public_plans_only(client):
    small_plan()
    small_plan(slug="pla-draft", status="draft")
    response = client.get("/dades-obertes/mesures.csv")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert rows[0] == [c[0] for c in DATASETS["mesures"].columns]
    assert len(rows) == 1 + 9
    assert {r[0] for r in rows[1:]} == {"pla-informe"}


def test_json_matches_dictionary(client):
    small_plan()
    dictionary = client.get("/dades-obertes/municipis/diccionari.json").json()
    data = json.loads(_body(client.get("/dades-obertes/municipis.json")))
    assert len(data["items"]) == 947
    assert set(data["items"][0]) == {c["name"] for c in dictionary["columns"]}


def test_unknown_dataset_is_404(client):
    assert client.get("/dades-obertes/nope.csv").status_code == 404


def test_every_column_has_titles_in_three_languages_and_a_known_type():
    assert catalogue.check_texts({s: d.columns for s, d in DATASETS.items()}) == []
    for slug, d in DATASETS.items():
        assert d.columns[-1][0] == "demo", slug
        for name, _kind, _desc in d.columns:
            titles = catalogue.column_text(slug, name).titles
            assert set(titles) == {"ca", "es", "en"}
            assert all(titles.values()), (slug, name)


def test_no_dataset_flags_demo_without_demo_data(client):
    catalog = json.loads(client.get("/dades-obertes/catalog.jsonld").content)
    assert not any(d["localret:demo"] for d in catalog["dcat:dataset"])


def test_csvw_columns_carry_titles_datatypes_and_units(client):
    meta = client.get("/dades-obertes/connectivitat.csv-metadata.json").json()
    columns = {c["name"]: c for c in meta["tableSchema"]["columns"]}
    assert columns["premises"]["titles"]["ca"].startswith("Locals")
    assert columns["households_gigabit"]["titles"]["ca"] == "Llars amb gigabit (estimació)"
    assert columns["households_gigabit"]["schema:unitText"] == "llars"
    assert columns["households"]["datatype"] == "integer"
    assert columns["demo"]["datatype"] == {"base": "boolean", "format": "true|false"}
    assert {t["@language"] for t in meta["dc:title"]} == {"ca", "es", "en"}


def test_open_data_page_shows_catalan_titles_and_csvw_links(client):
    page = client.get("/dades-obertes/").content.decode()
    assert "Registre municipal de Catalunya" in page
    assert "/dades-obertes/municipis.csv-metadata.json" in page


def test_open_data_csv_neutralises_hostile_text_and_keeps_numbers(client):
    from localret.strategy.models import Measurement

    small_plan()
    Measurement.objects.update(source='=HYPERLINK("http://evil.example")')
    first = Measurement.objects.order_by("pk").first()
    first.value = -5
    first.save()
    rows = list(
        csv.reader(io.StringIO(_body(client.get("/dades-obertes/mesures.csv")).decode("utf-8-sig")))
    )
    assert rows[0] == [c[0] for c in DATASETS["mesures"].columns]  # column names kept
    sources_ = {r[5] for r in rows[1:]}
    assert sources_ == {'\'=HYPERLINK("http://evil.example")'}
    assert "-5" in {r[3] for r in rows[1:]}  # a negative number stays a number
