"""The list's query, as clients really send it: empty parameters mean "not sent", an unencoded
``50001+`` is understood, bad values are refused (API: 422 naming the field; page: a visible
message by the filters)."""

from __future__ import annotations

import re

import pytest

from localret.territory.bands import band_from_query

from ..conftest import speaking

pytestmark = pytest.mark.django_db

LIST = "/api/v1/municipalities"


def test_empty_parameters_behave_as_if_absent(client):
    default = client.get(LIST).json()
    assert default["count"] == 947 and len(default["items"]) == 100
    for query in (
        "limit=&offset=&search=&comarca=",
        "limit=&offset=&search=&comarca=&province=&vegueria=&population_band=",
        "limit=%20&offset=%20",
    ):
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 200, (query, response.content)
        assert response.json() == default


def test_empty_limit_with_real_filters_keeps_the_filters(client):
    response = client.get(f"{LIST}?search=vic&comarca=Osona&limit=&offset=")
    assert response.status_code == 200
    body = response.json()
    assert sorted(m["name"] for m in body["items"]) == ["Sant Vicenç de Torelló", "Vic"]
    assert body["count"] == 2
    page = client.get(f"{LIST}?limit=3&offset=").json()
    assert page["items"] == client.get(LIST).json()["items"][:3]


def test_an_unencoded_plus_in_the_band_is_understood(client):
    encoded = client.get(f"{LIST}?population_band=50001%2B&limit=1000").json()
    assert encoded["count"] > 20
    assert all(m["population_band"] == "50001+" for m in encoded["items"])
    for query in ("population_band=50001+", "population_band=50001%20", "population_band=50001+&"):
        response = client.get(f"{LIST}?{query}&limit=1000")
        assert response.status_code == 200, query
        assert response.json() == encoded


@pytest.mark.parametrize(
    "query,field",
    [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=1001", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("population_band=bogus", "population_band"),
        ("population_band=50001", "population_band"),
        ("population_band=1-500%2B", "population_band"),
        ("limit=&population_band=0-10", "population_band"),
    ],
)
def test_real_bad_values_are_still_422_naming_the_field(client, query, field):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_band_error_lists_the_bands(client):
    message = client.get(f"{LIST}?population_band=bogus").json()["errors"][0]["message"]
    assert "1-500" in message and "50001+" in message


@pytest.mark.parametrize(
    "raw,code",
    [
        ("50001+", "50001+"),
        ("50001 ", "50001+"),
        (" 50001  ", "50001+"),
        ("1-500", "1-500"),
        (" 1-500 ", "1-500"),
        ("1-500 ", "1-500"),
        ("50001", "50001"),
        ("bogus ", "bogus"),
        ("", ""),
    ],
)
def test_band_from_query(raw, code):
    assert band_from_query(raw) == code


# --- the list page --------------------------------------------------------------------------


def test_unknown_band_on_the_page_shows_an_error_by_the_filters(client):
    response = speaking(client, "en").get("/municipis/", {"population_band": "bogus"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="error" role="alert" id="band-error">' in html
    assert "“bogus” is not a population band" in html
    assert "0 municipalities" not in html
    assert 'aria-describedby="band-error" aria-invalid="true"' in html
    # the message comes right after the filters, before any results
    assert html.index("</form>") < html.index('id="band-error"')
    catalan = speaking(client, "ca").get("/municipis/?population_band=bogus").content.decode()
    assert "«bogus» no és cap franja de població" in catalan
    # the bands offered read as labels in the reader's figures, never as codes
    assert "1.001–5.000, 5.001–20.000, 20.001–50.000, més de 50.000" in catalan
    assert "5001-20000" not in catalan.split('id="band-error"')[1].split("</div>")[0]
    assert "5,001–20,000, 20,001–50,000, more than 50,000" in html


def test_unknown_band_error_is_in_the_htmx_fragment_too(client):
    response = client.get(
        "/municipis/", {"population_band": "bogus", "search": "vic"}, headers={"HX-Request": "1"}
    )
    html = response.content.decode()
    assert 'role="alert" id="band-error"' in html
    assert "<table" not in html


def shown_count(response) -> int:  # type: ignore[no-untyped-def]
    match = re.search(r"<p>(\d+) municipalities</p>", response.content.decode())
    assert match, response.content.decode()
    return int(match.group(1))


def test_page_takes_empty_params_and_an_unencoded_plus(client):
    client = speaking(client, "en")
    assert shown_count(client.get("/municipis/?search=&comarca=&population_band=&page=")) == 947
    encoded = client.get("/municipis/?population_band=50001%2B")
    plus = client.get("/municipis/?population_band=50001+")
    assert shown_count(plus) == shown_count(encoded) > 20
    assert 'id="band-error"' not in plus.content.decode()
    assert '<option value="50001+" selected>' in plus.content.decode()


@pytest.mark.parametrize(
    "language,labels",
    [
        ("ca", ["1–500", "501–1.000", "5.001–20.000", "més de 50.000"]),
        ("es", ["1–500", "501–1.000", "5.001–20.000", "más de 50.000"]),
        ("en", ["1–500", "501–1,000", "5,001–20,000", "more than 50,000"]),
    ],
)
def test_the_band_filter_reads_a_band_as_a_label(language, labels):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load territory_tags %}{{ code|band }}")
    with translation.override(language):
        shown = [
            template.render(Context({"code": c}))
            for c in ("1-500", "501-1000", "5001-20000", "50001+")
        ]
    assert shown == labels
