"""The public register is cached (API bodies, the list page's table fragment and filter options)
keyed by a fingerprint of the register: any change, by the importer or a plain save, shows at
once; each language has its own fragment; nothing user-specific is cached."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localret.territory.importer import register_import
from localret.territory.models import Comarca, Municipality

from ..conftest import client_for, speaking
from .test_importer import builtin_rows, csv_bytes

pytestmark = pytest.mark.django_db

ABRERA = "080018"
LIST_API = f"/api/v1/municipalities?search={ABRERA}"
DETAIL_API = f"/api/v1/municipalities/{ABRERA}"
PAGE = f"/municipis/?search={ABRERA}"


def api_item(client) -> dict:  # type: ignore[no-untyped-def]
    body = client.get(LIST_API).json()
    assert body["count"] == 1
    return body["items"][0]


def detail(client) -> dict:  # type: ignore[no-untyped-def]
    response = client.get(DETAIL_API)
    assert response.status_code == 200
    return response.json()


def page(client, **headers: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(PAGE, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def warm(client) -> None:  # type: ignore[no-untyped-def]
    """Fill the cache, and prove the second round is served from it (one query each)."""
    for _ in range(2):
        api_item(client)
        detail(client)
        page(client)
    for url in (LIST_API, DETAIL_API, PAGE):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert len(captured.captured_queries) == 1, url


def test_register_import_changes_show_at_once(client):
    warm(client)
    before = Municipality.objects.get(code=ABRERA)
    headers, rows = builtin_rows()
    row = next(r for r in rows if r["codi_ine6"] == ABRERA)
    row.update(nom="Abrera Nova", poblacio_2023=str(before.population + 1234))
    register_import(municipalities=csv_bytes(headers, [row]), data_dir=None)

    assert api_item(client)["name"] == "Abrera Nova"
    assert api_item(client)["population"] == before.population + 1234
    assert detail(client)["name"] == "Abrera Nova"
    assert detail(client)["population"] == before.population + 1234
    html = page(client)
    assert "Abrera Nova" in html
    assert page(client, **{"HX-Request": "true"}).count("Abrera Nova") == 1


def test_a_plain_save_like_the_admin_shows_at_once(client):
    warm(client)
    abrera = Municipality.objects.get(code=ABRERA)
    abrera.name = "Abrera Editada"
    abrera.population = 7
    abrera.save()

    assert api_item(client)["name"] == "Abrera Editada"
    assert api_item(client)["population"] == 7
    assert detail(client)["population"] == 7
    assert "Abrera Editada" in page(client)


def test_renaming_a_comarca_shows_in_the_table_api_and_filter_options(client):
    warm(client)
    comarca = Comarca.objects.get(municipalities__code=ABRERA)
    comarca.name = "Baix Llobregat Reanomenat"
    comarca.save()

    assert api_item(client)["comarca"] == "Baix Llobregat Reanomenat"
    assert detail(client)["comarca"] == "Baix Llobregat Reanomenat"
    html = page(client)
    # in the table and among the options of the comarca filter
    assert html.count("Baix Llobregat Reanomenat") == 2


def test_a_deleted_municipality_disappears(client):
    warm(client)
    Municipality.objects.filter(code=ABRERA).delete()

    assert client.get(LIST_API).json()["count"] == 0
    assert client.get(DETAIL_API).status_code == 404
    assert f"/municipis/{ABRERA}/" not in page(client)


def test_each_language_gets_its_own_fragment(client):
    def count_line(language: str) -> str:
        response = speaking(client, language).get("/municipis/?province=17")
        html = response.content.decode()
        start = html.index('<div id="results"')
        return html[start : html.index("</p>", start)]

    n = Municipality.objects.filter(province__code="17").count()
    catalan, english = count_line("ca"), count_line("en")
    assert f"{n} municipis" in catalan
    assert f"{n} municipalities" in english
    # and again, now from the cache
    assert count_line("ca") == catalan
    assert count_line("en") == english


def test_no_user_name_or_csrf_token_leaks_through_the_cache(client, staff_user):
    staff = client_for(staff_user)
    logged_in = speaking(staff, "en").get(PAGE).content.decode()
    assert staff_user.username in logged_in
    anonymous = page(speaking(client, "en"))
    assert staff_user.username not in anonymous
    token = staff.cookies.get("csrftoken")
    if token is not None:
        assert token.value not in anonymous


def test_api_query_count_is_fixed_whatever_the_limit(client):
    counts = set()
    for limit in (1, 10, 100, 1000):
        with CaptureQueriesContext(connection) as captured:
            body = client.get(f"/api/v1/municipalities?limit={limit}").json()
        assert len(body["items"]) == min(limit, 947)
        counts.add(len(captured.captured_queries))
    assert counts == {3}


def test_invalid_pagination_is_still_refused(client):
    client.get("/api/v1/municipalities?limit=10")
    assert client.get("/api/v1/municipalities?limit=0").status_code == 422
    assert client.get("/api/v1/municipalities?offset=-1").status_code == 422


def test_cached_detail_body_matches_the_list_item(client):
    assert detail(client) == api_item(client)
    assert json.loads(client.get(DETAIL_API).content) == api_item(client)
