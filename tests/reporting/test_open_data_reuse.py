"""Open data that reusers can load, on the demo data (without it: test_opendata.py): the
DCAT-AP 3.0 catalogue checked against the SHACL shapes of the specification, CSVW metadata
beside each CSV, files loaded by pandas and DuckDB with nothing but that metadata, the demo
flag everywhere, premises and households kept apart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pandas as pd
import pytest
from django.conf import settings

from localret.reporting import catalogue
from localret.reporting.opendata import DATASETS

pytestmark = pytest.mark.django_db

SHAPES = Path(settings.LOCALRET_DATA_DIR or "") / "dcat-ap" / "dcat-ap-3.0.0-SHACL.ttl"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(client, slug: str) -> bytes:
    response = client.get(f"/dades-obertes/{slug}.csv")
    assert response.status_code == 200
    return _body(response)


def _metadata(client, slug: str) -> dict:
    response = client.get(f"/dades-obertes/{slug}.csv-metadata.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/csvm+json")
    return json.loads(response.content)


@pytest.mark.skipif(not SHAPES.is_file(), reason="DCAT-AP SHACL shapes not in the data dir")
def test_catalogue_conforms_to_dcat_ap_3(client, demo_data):
    import pyshacl
    import rdflib

    response = client.get("/dades-obertes/catalog.jsonld")
    data = rdflib.Graph().parse(data=response.content, format="json-ld")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _graph, report = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, report
    # Every dataset is there, in Catalan, Spanish and English, with IRIs from the EU vocabularies.
    catalog = json.loads(response.content)
    datasets = catalog["dcat:dataset"]
    assert {d["dct:identifier"] for d in datasets} == set(DATASETS)
    for d in datasets:
        assert {t["@language"] for t in d["dct:title"]} == {"ca", "es", "en"}
        assert d["dct:accrualPeriodicity"]["@id"].startswith(catalogue.FREQUENCY)
        for dist in d["dcat:distribution"]:
            assert dist["dct:format"]["@id"].startswith(catalogue.EU + "file-type/")
            url = urlsplit(dist["dcat:downloadURL"]["@id"]).path
            assert client.get(url).status_code == 200, url


def test_catalogue_and_every_file_flag_demo_data(client, demo_data):
    catalog = json.loads(client.get("/dades-obertes/catalog.jsonld").content)
    flags = {d["dct:identifier"]: d["localret:demo"] for d in catalog["dcat:dataset"]}
    assert flags["municipis"] is False  # the register is official data
    assert flags["mesures"] is True and flags["maduresa"] is True
    for slug, demo in flags.items():
        rows = list(csv.DictReader(io.StringIO(_csv(client, slug).decode("utf-8-sig"))))
        assert rows, slug
        assert {r["demo"] for r in rows} == {"true" if demo else "false"}, slug
        assert _metadata(client, slug)[catalogue.DEMO_PROPERTY] is demo
        dictionary = client.get(f"/dades-obertes/{slug}/diccionari.json").json()
        assert dictionary["demo"] is demo
        data = json.loads(_body(client.get(f"/dades-obertes/{slug}.json")))
        assert data["demo"] is demo
        assert len(data["items"]) == len(rows), slug  # nothing cut short


def _pandas_read(raw: bytes, meta: dict) -> pd.DataFrame:
    """Read a CSV with pandas from its CSVW metadata only."""
    dialect = meta["dialect"]
    columns = meta["tableSchema"]["columns"]
    dtypes, dates, booleans = {}, [], []
    for c in columns:
        base = c["datatype"] if isinstance(c["datatype"], str) else c["datatype"]["base"]
        if base == "date":
            dates.append(c["name"])
        elif base == "boolean":
            booleans.append(c["name"])
            dtypes[c["name"]] = "string"
        else:
            dtypes[c["name"]] = {"string": "string", "integer": "Int64", "number": "float64"}[base]
    frame = pd.read_csv(
        io.BytesIO(raw),
        encoding=dialect["encoding"],
        sep=dialect["delimiter"],
        quotechar=dialect["quoteChar"],
        header=None,
        skiprows=dialect["headerRowCount"],
        names=[c["name"] for c in columns],
        dtype=dtypes,
        keep_default_na=False,
        na_values={n: [""] for n, t in dtypes.items() if t != "string"},
    )
    for name in dates:
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="raise")
    true, false = "true", "false"
    for name in booleans:
        assert set(frame[name]) <= {true, false}
        frame[name] = frame[name] == true
    return frame


DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}


def _duckdb_read(path: Path, meta: dict) -> list[tuple]:
    """Read a CSV with DuckDB from its CSVW metadata only."""
    dialect = meta["dialect"]
    types = {}
    for c in meta["tableSchema"]["columns"]:
        base = c["datatype"] if isinstance(c["datatype"], str) else c["datatype"]["base"]
        types[c["name"]] = "DATE" if base == "date" else DUCKDB_TYPES[base]
    con = duckdb.connect()
    relation = con.read_csv(
        str(path),
        header=dialect["header"],
        sep=dialect["delimiter"],
        quotechar=dialect["quoteChar"],
        columns=types,
        date_format="%Y-%m-%d",
    )
    assert relation.columns == list(types)
    return relation.fetchall()


def test_each_csv_loads_in_pandas_and_duckdb_with_only_its_metadata(client, demo_data, tmp_path):
    for slug, dataset in DATASETS.items():
        meta = _metadata(client, slug)
        assert urlsplit(meta["url"]).path == f"/dades-obertes/{slug}.csv"
        names = [c["name"] for c in meta["tableSchema"]["columns"]]
        assert names == [c[0] for c in dataset.columns]
        raw = _csv(client, slug)
        expected = len(raw.decode("utf-8-sig").splitlines()) - 1
        assert expected > 0, slug

        frame = _pandas_read(raw, meta)
        assert list(frame.columns) == names
        assert len(frame) == expected, slug

        path = tmp_path / f"{slug}.csv"
        path.write_bytes(raw)
        rows = _duckdb_read(path, meta)
        assert len(rows) == expected, slug


def test_connectivity_open_data_keeps_premises_and_households_apart(client, demo_data):
    rows = list(csv.DictReader(io.StringIO(_csv(client, "connectivitat").decode("utf-8-sig"))))
    assert rows
    over = [r for r in rows if int(r["households_gigabit"]) > int(r["households"])]
    assert over == []
    # covered_1000 counts premises: it may exceed households, never premises.
    assert all(int(r["covered_1000"]) <= int(r["premises"]) for r in rows)
    assert any(int(r["covered_1000"]) > int(r["households"]) for r in rows)


def test_municipality_page_speaks_of_households_and_premises_apart(client, demo_data):
    from localret.reporting import sources

    figures = sources.municipality_connectivity("082981")
    assert figures is not None
    assert figures["households_gigabit"] <= figures["households"]
    page = client.get("/transparencia/municipis/082981/").content.decode()
    assert "Llars amb gigabit (estimació)" in page
    assert "Locals a 1 Gbps o més" in page
