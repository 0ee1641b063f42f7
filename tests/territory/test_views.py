"""Pages of the register: list, detail, profile edit, map; every role against every page."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings

from localret.territory.bands import band_label
from localret.territory.models import Contact, Municipality, MunicipalProfile
from localret.territory.services import profile_update

from ..conftest import OLOT, VIC, client_for, speaking

pytestmark = pytest.mark.django_db

ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
CAN_SEE_VIC_PROFILE = {"admin", "staff", "vic"}
SECRET_NAME = "Agnès Privada"


@pytest.fixture
def vic_profile(staff_user):
    municipality = Municipality.objects.get(code=VIC)
    return profile_update(
        municipality=municipality,
        contacts=[
            {"name": SECRET_NAME, "role": "dpo", "email": "dpo@vic.cat", "phone": "938862100"}
        ],
        notes="Internal note about Vic",
        by=staff_user,
    )


# --- list ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_list_and_map_pages_are_public(users, who):
    client = client_for(users[who])
    for url in ("/municipis/", "/municipis/mapa/", "/municipis/mapa/dades.json"):
        assert client.get(url).status_code == 200, url


def list_context(client, **params):
    response = client.get("/municipis/", params)
    assert response.status_code == 200
    return response, response.context["page"]


def test_list_shows_all_947_in_pages_of_50(client):
    response, page = list_context(client)
    assert page.paginator.count == 947
    assert len(page.object_list) == 50
    assert page.paginator.num_pages == 19
    _, last = list_context(client, page=19)
    assert len(last.object_list) == 947 - 18 * 50
    _, beyond = list_context(client, page=99)
    assert beyond.number == 19
    _, second = list_context(client, page=2)
    first_codes = {m.code for m in page.object_list}
    assert not first_codes & {m.code for m in second.object_list}


def test_search_is_accent_and_case_insensitive(client):
    response, page = list_context(client, search="l'hospitalet")
    assert [m.name for m in page.object_list] == [
        "L'Hospitalet de Llobregat",
        "Vandellòs i l'Hospitalet de l'Infant",
    ]
    assert "L&#x27;Hospitalet de Llobregat" in response.content.decode()
    _, page = list_context(client, search="ALPENS")
    assert [m.code for m in page.object_list] == ["080044"]
    _, page = list_context(client, search="sant marti d'albars")
    assert [m.name for m in page.object_list] == ["Sant Martí d'Albars"]
    _, page = list_context(client, search="08019")
    assert [m.name for m in page.object_list] == ["Barcelona"]


@pytest.mark.parametrize(
    "params,predicate",
    [
        ({"province": "17"}, lambda m: m.province.code == "17"),
        ({"province": "Lleida"}, lambda m: m.province.name == "Lleida"),
        ({"comarca": "43"}, lambda m: m.comarca.code == "43"),
        ({"vegueria": "penedes"}, lambda m: m.comarca.vegueria.code == "penedes"),
        ({"population_band": "501-1000"}, lambda m: 501 <= m.population <= 1000),
        (
            {"province": "08", "population_band": "50001+"},
            lambda m: m.province.code == "08" and m.population > 50000,
        ),
    ],
)
def test_filters_return_exactly_the_matching_municipalities(client, params, predicate):
    _, page = list_context(client, order="code", **params)
    every = Municipality.objects.select_related("province", "comarca__vegueria")
    expected = sorted(m.code for m in every if predicate(m))
    assert 0 < len(expected) == page.paginator.count
    shown = [m.code for m in page.paginator.page(1).object_list]
    assert shown == expected[:50]


def test_llucanes_comarca_has_its_eight_municipalities(client):
    _, page = list_context(client, comarca="43")
    assert page.paginator.count == 8


@pytest.mark.parametrize("order", ["-population", "population", "code", "name"])
def test_ordering(client, order):
    _, page = list_context(client, order=order)
    items = list(page.object_list)
    if order == "-population":
        assert items[0].name == "Barcelona"
        assert [m.population for m in items] == sorted((m.population for m in items), reverse=True)
    elif order == "population":
        smallest = Municipality.objects.order_by("population").first()
        assert items[0].population == smallest.population
    elif order == "code":
        assert [m.code for m in items] == sorted(m.code for m in items)
    else:
        assert [m.search_name for m in items] == sorted(m.search_name for m in items)


def test_pagination_links_keep_filters_url_encoded(client):
    response = client.get("/municipis/", {"search": "sant", "order": "code"})
    html = response.content.decode()
    assert 'href="?search=sant&amp;order=code&page=2"' in html
    response = client.get("/municipis/", {"search": "'", "order": "code"})
    assert response.context["page"].paginator.num_pages > 1
    assert 'href="?search=%27&amp;order=code&page=2"' in response.content.decode()


def test_htmx_request_gets_the_table_fragment_only(client):
    response = client.get("/municipis/", {"search": "vic"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<table" in html
    assert f'<a href="/municipis/{VIC}/">Vic</a>' in html
    assert "HX-Request" in response["Vary"]
    full = client.get(
        "/municipis/",
        {"search": "vic"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in full.content.decode()


def test_no_match_shows_an_empty_list(client):
    _, page = list_context(client, search="zzzz-no-such-town")
    assert page.paginator.count == 0


# --- detail -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_detail_is_public_and_profile_only_for_staff_and_own_users(users, vic_profile, who):
    response = client_for(users[who]).get(f"/municipis/{VIC}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vic" in html and "Osona" in html
    sees = who in CAN_SEE_VIC_PROFILE
    assert (SECRET_NAME in html) is sees
    assert ("dpo@vic.cat" in html) is sees
    assert ("Internal note about Vic" in html) is sees
    assert (f"/municipis/{VIC}/perfil/" in html) is sees
    history = f"/historial/territory/municipalprofile/{vic_profile.pk}/"
    assert (history in html) is (who in {"admin", "staff"})


def test_own_users_see_their_own_profile_only(users, vic_profile):
    olot = Municipality.objects.get(code=OLOT)
    profile_update(
        municipality=olot,
        contacts=[{"name": "Olot Lead", "role": "digital_lead", "email": "", "phone": ""}],
        notes="",
        by=users["staff"],
    )
    html = client_for(users["olot"]).get(f"/municipis/{OLOT}/").content.decode()
    assert "Olot Lead" in html and SECRET_NAME not in html
    html = client_for(users["vic"]).get(f"/municipis/{OLOT}/").content.decode()
    assert "Olot Lead" not in html


def test_detail_shows_register_figures_and_estimated_households(client):
    barcelona = Municipality.objects.get(code="080193")
    barcelona.households_estimated = True
    barcelona.save()
    html = speaking(client, "en").get("/municipis/080193/").content.decode()
    assert "080193" in html and "Barcelonès" in html
    assert "estimated from population" in html


def test_unknown_municipality_is_404(client):
    assert client.get("/municipis/999999/").status_code == 404
    assert client.get("/municipis/999999/perfil/").status_code in (302, 404)


# --- profile edit -------------------------------------------------------------------------


def profile_post(notes: str, contacts: list[dict[str, str]]) -> dict[str, str]:
    data = {
        "notes": notes,
        "contacts-TOTAL_FORMS": str(len(contacts)),
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "20",
    }
    for i, contact in enumerate(contacts):
        for key, value in contact.items():
            data[f"contacts-{i}-{key}"] = value
    return data


EDIT_STATUS = {
    "admin": 200,
    "staff": 200,
    "vic": 200,
    "board": 403,
    "olot": 403,
    "collaborator": 403,
    "public": 302,
}


@pytest.mark.parametrize("who", ROLES)
def test_profile_edit_permission_matrix(users, who):
    client = client_for(users[who])
    url = f"/municipis/{VIC}/perfil/"
    response = client.get(url)
    assert response.status_code == EDIT_STATUS[who]
    if who == "public":
        assert response["Location"].startswith("/comptes/entra/?next=")
    contact = {"name": f"Lead {who}", "role": "digital_lead", "email": "lead@vic.cat", "phone": ""}
    response = client.post(url, profile_post(f"by {who}", [contact]))
    saved = MunicipalProfile.objects.filter(municipality__code=VIC, notes=f"by {who}").exists()
    assert saved is (EDIT_STATUS[who] == 200)
    if saved:
        assert response.status_code == 302
        assert response["Location"] == f"/municipis/{VIC}/"
        assert Contact.objects.get(profile__municipality__code=VIC).name == f"Lead {who}"
    else:
        assert response.status_code == EDIT_STATUS[who]
        assert not Contact.objects.filter(name=f"Lead {who}").exists()


def test_edit_form_is_prefilled_and_contacts_can_be_replaced_and_removed(users, vic_profile):
    client = client_for(users["vic"])
    response = client.get(f"/municipis/{VIC}/perfil/")
    assert SECRET_NAME in response.content.decode()
    assert response.context["form"].initial["notes"] == "Internal note about Vic"
    contacts = [
        {
            "name": "Nou Responsable",
            "role": "digital_lead",
            "email": "",
            "phone": "+34 938 862 100",
        },
        {"name": "", "role": "", "email": "", "phone": ""},
    ]
    response = client.post(f"/municipis/{VIC}/perfil/", profile_post("", contacts))
    assert response.status_code == 302
    names = list(Contact.objects.filter(profile=vic_profile).values_list("name", flat=True))
    assert names == ["Nou Responsable"]


@pytest.mark.parametrize(
    "contact,field",
    [
        ({"name": "Pere", "role": "it", "email": "not-an-email", "phone": ""}, "email"),
        ({"name": "Pere", "role": "it", "email": "", "phone": "call me"}, "phone"),
        ({"name": "", "role": "it", "email": "pere@vic.cat", "phone": ""}, "name"),
    ],
)
def test_invalid_contact_shows_an_error_and_saves_nothing(users, vic_profile, contact, field):
    client = client_for(users["vic"])
    response = speaking(client, "en").post(
        f"/municipis/{VIC}/perfil/",
        profile_post("changed notes", [contact]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_contacts-0-{field}-error"' in html
    assert response.context["formset"].forms[0].errors[field]
    vic_profile.refresh_from_db()
    assert vic_profile.notes == "Internal note about Vic"
    assert [c.name for c in vic_profile.contacts.all()] == [SECRET_NAME]


def test_too_many_contacts_are_refused(users):
    contacts = [{"name": f"P{i}", "role": "other", "email": "", "phone": ""} for i in range(21)]
    response = client_for(users["staff"]).post(
        f"/municipis/{VIC}/perfil/", profile_post("x", contacts)
    )
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not MunicipalProfile.objects.filter(municipality__code=VIC).exists()


def test_htmx_profile_edit_swaps_the_form_and_redirects_on_success(users):
    client = client_for(users["vic"])
    url = f"/municipis/{VIC}/perfil/"
    htmx = {"HX-Request": "true"}
    bad = {"name": "Pere", "role": "it", "email": "nope", "phone": ""}
    response = client.post(url, profile_post("x", [bad]), headers=htmx)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<form method="post" novalidate id="profile-form"')
    assert "<html" not in html
    good = {"name": "Pere", "role": "it", "email": "pere@vic.cat", "phone": ""}
    response = client.post(url, profile_post("x", [good]), headers=htmx)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/municipis/{VIC}/"
    assert Contact.objects.get(profile__municipality__code=VIC).email == "pere@vic.cat"


def test_profile_changes_are_recorded_with_the_user(users):
    client = client_for(users["vic"])
    contact = {"name": "Pere", "role": "it", "email": "pere@vic.cat", "phone": ""}
    client.post(f"/municipis/{VIC}/perfil/", profile_post("first", [contact]))
    profile = MunicipalProfile.objects.get(municipality__code=VIC)
    assert profile.history.first().history_user == users["vic"]
    assert Contact.history.filter(name="Pere").first().history_user == users["vic"]


# --- map ----------------------------------------------------------------------------------


SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"ine5": "08298", "nom": "Vic"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[2.2, 41.9], [2.3, 41.9], [2.3, 42.0], [2.2, 41.9]]],
            },
        }
    ],
}


@pytest.fixture
def data_dir_with_boundaries(tmp_path):
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "catalunya-municipis.geojson").write_text(json.dumps(SQUARE))
    with override_settings(LOCALRET_DATA_DIR=tmp_path):
        yield tmp_path


def test_map_uses_choropleth_when_boundaries_exist(client, data_dir_with_boundaries):
    data = client.get("/municipis/mapa/dades.json").json()
    assert data["mode"] == "choropleth"
    assert len(data["items"]) == 947
    vic = next(i for i in data["items"] if i["code"] == VIC)
    municipality = Municipality.objects.get(code=VIC)
    assert vic["band"] == municipality.population_band
    assert vic["band_label"] == "més de 50.000" == band_label(municipality.population_band)
    assert [b["code"] for b in data["bands"]][0] == "1-500"
    page = client.get("/municipis/mapa/").content.decode()
    assert 'data-boundaries="/municipis/limits/municipis.geojson"' in page
    response = client.get("/municipis/limits/municipis.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content) == SQUARE


@pytest.mark.parametrize("data_dir", ["empty", None])
def test_map_falls_back_to_points_without_boundaries(client, tmp_path, data_dir):
    with override_settings(LOCALRET_DATA_DIR=tmp_path if data_dir else None):
        data = client.get("/municipis/mapa/dades.json").json()
        assert data["mode"] == "points"
        assert all(40.5 < i["lat"] < 42.9 and 0.15 < i["lon"] < 3.4 for i in data["items"])
        assert 'data-boundaries=""' in client.get("/municipis/mapa/").content.decode()
        assert client.get("/municipis/limits/municipis.geojson").status_code == 404


def test_boundaries_endpoint_refuses_unknown_levels(client, data_dir_with_boundaries):
    assert client.get("/municipis/limits/secret.geojson").status_code == 404
    assert client.get("/municipis/limits/comarques.geojson").status_code == 404


@pytest.mark.parametrize("who", ROLES)
def test_boundaries_are_public(users, who, data_dir_with_boundaries):
    response = client_for(users[who]).get("/municipis/limits/municipis.geojson")
    assert response.status_code == 200


def test_map_data_never_contains_profile_data(client, vic_profile):
    body = client.get("/municipis/mapa/dades.json").content.decode()
    assert SECRET_NAME not in body and "dpo@vic.cat" not in body


# --- query counts -------------------------------------------------------------------------


def test_list_page_and_api_use_a_fixed_number_of_queries(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url: str, **headers: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers=headers).status_code == 200
        return len(captured.captured_queries)

    def cold(url: str, **headers: str) -> int:
        cache.clear()
        return queries(url, **headers)

    urls = [f"/municipis/?page={n}" for n in (1, 10, 19)]
    urls.append("/municipis/?province=17&order=-population&page=2")
    # Cold: the register fingerprint, count, rows, and the three option lists of the form.
    assert {cold(url) for url in urls} == {6}
    assert cold("/municipis/?page=3", **{"HX-Request": "true"}) == 3
    api_urls = [f"/api/v1/municipalities?limit={n}" for n in (1, 10, 100, 1000)]
    assert {cold(url) for url in api_urls} == {3}  # fingerprint, count and rows
    # Warm: only the fingerprint, whatever the page or the limit.
    cache.clear()
    for url in [*urls, *api_urls]:
        queries(url)
    assert {queries(url) for url in [*urls, *api_urls]} == {1}
    assert queries("/municipis/?page=1", **{"HX-Request": "true"}) == 1


def test_the_municipality_page_lists_the_population_by_year(client):
    from localret.territory.models import Municipality, PopulationFigure

    vic = Municipality.objects.get(code=VIC)
    PopulationFigure.objects.create(municipality=vic, year=2001, population=35000, source="Cens")
    html = speaking(client, "en").get(f"/municipis/{VIC}/").content.decode()
    table = html[html.index('<table class="population-years">') :]
    table = table[: table.index("</table>")]
    assert "<caption>Population by year</caption>" in table
    years = [int(y) for y in re.findall(r'<th scope="row">(\d{4})</th>', table)]
    assert years == sorted(years) and years[0] == 2001 and vic.population_year in years
    assert "35,000" in table and "Cens" in table


@pytest.mark.parametrize(
    "query",
    [
        "search=L%E2%80%99Hospitalet",  # typographic apostrophe
        "search=l'hospitalet",
        "comarca=Barcelones",  # without the accent
        "comarca=barcelon%C3%A8s",
        "province=barcelona",
        "vegueria=Barcelona",
        "vegueria=BARCELONA",
    ],
)
def test_filters_ignore_accents_case_and_apostrophes(client, query):
    body = client.get(f"/api/v1/municipalities?{query}&limit=1000").json()
    codes = [m["code"] for m in body["items"]]
    assert "081017" in codes, (query, body["count"])  # L'Hospitalet de Llobregat
