import csv
import io
import json
from urllib.parse import urlsplit

import pytest

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
        assert len(d["dcat:distribution"]) == 3
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
