import pytest
from django.test import Client

from localret.territory.models import Contact, MunicipalProfile

from ..conftest import OLOT, VIC, api_client, client_for

pytestmark = pytest.mark.django_db


def test_list_has_all_947_with_contract_fields(client):
    response = client.get("/api/v1/municipalities?limit=5")
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 947
    assert len(body["items"]) == 5
    assert {"code", "name", "comarca", "province", "population", "population_band"} <= set(
        body["items"][0]
    )


def test_filters_combine(client):
    osona = client.get("/api/v1/municipalities?comarca=Osona&limit=100").json()
    assert osona["count"] == len(osona["items"]) > 10
    assert {m["comarca"] for m in osona["items"]} == {"Osona"}
    small = client.get("/api/v1/municipalities?comarca=24&population_band=1-500").json()
    expected = sorted(m["code"] for m in osona["items"] if m["population_band"] == "1-500")
    assert sorted(m["code"] for m in small["items"]) == expected
    assert all(m["population"] <= 500 for m in small["items"])
    body = client.get("/api/v1/municipalities?province=17&search=olot").json()
    assert [m["name"] for m in body["items"]] == ["Olot"]


def test_unknown_code_is_404(client):
    assert client.get("/api/v1/municipalities/999999").status_code == 404


def test_barcelona_detail(client):
    body = client.get("/api/v1/municipalities/080193").json()
    assert body["name"] == "Barcelona"
    assert body["population_band"] == "50001+"


@pytest.mark.parametrize(
    "who,status",
    [("public", 401), ("olot", 403), ("board", 403), ("vic", 200), ("staff", 200), ("admin", 200)],
)
def test_profile_read_permission_matrix(users, who, status):
    response = api_client(users[who]).get(f"/api/v1/municipalities/{VIC}/profile")
    assert response.status_code == status


@pytest.mark.parametrize(
    "who,status",
    [("public", 401), ("olot", 403), ("board", 403), ("vic", 200), ("staff", 200)],
)
def test_profile_write_permission_matrix(users, who, status):
    response = api_client(users[who]).patch(
        f"/api/v1/municipalities/{VIC}/profile",
        {"notes": f"by {who}"},
        content_type="application/json",
    )
    assert response.status_code == status
    own = api_client(users["staff"]).get(f"/api/v1/municipalities/{VIC}/profile").json()
    assert (own["notes"] == f"by {who}") == (status == 200)


def test_malformed_email_is_422_and_nothing_saved(users):
    client = api_client(users["vic"])
    payload = {
        "contacts": [
            {"name": "Anna", "role": "dpo", "email": "anna@vic.cat", "phone": "938 862 100"},
            {"name": "Pere", "role": "it", "email": "not-an-email", "phone": ""},
        ],
        "notes": "should not be saved",
    }
    response = client.patch(
        f"/api/v1/municipalities/{VIC}/profile", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "contacts.1.email"
    after = client.get(f"/api/v1/municipalities/{VIC}/profile").json()
    assert after == {"municipality": VIC, "contacts": [], "notes": ""}
    assert OLOT != VIC


# --- pagination, search, filters, errors ----------------------------------------------------

LIST = "/api/v1/municipalities"


@pytest.mark.parametrize(
    "query,field",
    [("limit=0", "limit"), ("limit=1001", "limit"), ("limit=-5", "limit"), ("offset=-1", "offset")],
)
def test_out_of_range_pagination_is_422_problem_json(client, query, field):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_non_numeric_limit_is_422(client):
    response = client.get(f"{LIST}?limit=many")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_limit_1000_returns_everything_and_offsets_slice_the_same_order(client):
    everything = client.get(f"{LIST}?limit=1000").json()
    assert everything["count"] == len(everything["items"]) == 947
    codes = [m["code"] for m in everything["items"]]
    assert len(set(codes)) == 947
    page = client.get(f"{LIST}?limit=5&offset=10").json()
    assert [m["code"] for m in page["items"]] == codes[10:15]
    tail = client.get(f"{LIST}?limit=100&offset=940").json()
    assert [m["code"] for m in tail["items"]] == codes[940:]
    beyond = client.get(f"{LIST}?offset=5000").json()
    assert beyond == {"count": 947, "items": []}


def test_default_limit_is_100(client):
    assert len(client.get(LIST).json()["items"]) == 100


@pytest.mark.parametrize(
    "search,expected",
    [
        ("l'hospitalet", "L'Hospitalet de Llobregat"),
        ("L'HOSPITALET DE LLOBREGAT", "L'Hospitalet de Llobregat"),
        ("lluca", "Lluçà"),
        ("sant marti d'albars", "Sant Martí d'Albars"),
        ("171143", "Olot"),
        ("  olot ", "Olot"),
    ],
)
def test_search_ignores_case_and_accents(client, search, expected):
    items = client.get(LIST, {"search": search}).json()["items"]
    assert expected in [m["name"] for m in items]


def test_search_by_accentless_name_finds_only_matching_names(client):
    items = client.get(LIST, {"search": "l'hospitalet", "limit": 1000}).json()["items"]
    assert [m["name"] for m in items] == [
        "L'Hospitalet de Llobregat",
        "Vandellòs i l'Hospitalet de l'Infant",
    ]


def every(client):
    return client.get(f"{LIST}?limit=1000").json()["items"]


@pytest.mark.parametrize(
    "params,predicate",
    [
        ({"province": "17"}, lambda m: m["province_code"] == "17"),
        ({"province": "Tarragona"}, lambda m: m["province"] == "Tarragona"),
        ({"province": "tarragona"}, lambda m: m["province"] == "Tarragona"),
        ({"comarca": "43"}, lambda m: m["comarca"] == "Lluçanès"),
        ({"comarca": "Lluçanès"}, lambda m: m["comarca_code"] == "43"),
        ({"vegueria": "alt-pirineu-i-aran"}, lambda m: m["vegueria"] == "Alt Pirineu i Aran"),
        ({"population_band": "1-500"}, lambda m: m["population"] <= 500),
        ({"population_band": "5001-20000"}, lambda m: 5001 <= m["population"] <= 20000),
        ({"population_band": "50001+"}, lambda m: m["population"] > 50000),
        (
            {"province": "25", "population_band": "1001-5000", "search": "de"},
            lambda m: (
                m["province_code"] == "25"
                and 1001 <= m["population"] <= 5000
                and "de" in m["name"].lower()
            ),
        ),
    ],
)
def test_each_filter_returns_exactly_the_matching_municipalities(client, params, predicate):
    body = client.get(LIST, {**params, "limit": 1000}).json()
    expected = sorted(m["code"] for m in every(client) if predicate(m))
    assert expected
    assert sorted(m["code"] for m in body["items"]) == expected
    assert body["count"] == len(expected)


def test_province_counts_match_the_register(client):
    counts = {
        p: client.get(LIST, {"province": p}).json()["count"] for p in ("08", "17", "25", "43")
    }
    assert counts == {"08": 311, "17": 221, "25": 231, "43": 184}


def test_unknown_filter_values_give_empty_lists_but_unknown_band_is_422(client):
    assert client.get(LIST, {"comarca": "99"}).json()["count"] == 0
    assert client.get(LIST, {"province": "Madrid"}).json()["count"] == 0
    response = client.get(LIST, {"population_band": "0-10"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    error = response.json()["errors"][0]
    assert error["field"] == "population_band" and "1-500" in error["message"]


def test_unknown_code_is_404_problem_json(client, staff_user):
    for url in ("/api/v1/municipalities/999999", "/api/v1/municipalities/abc"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404
    response = api_client(staff_user).get("/api/v1/municipalities/999999/profile")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_detail_has_every_documented_field(client):
    body = client.get(f"/api/v1/municipalities/{VIC}").json()
    assert body["code"] == VIC and body["ine5"] == "08298" and body["name"] == "Vic"
    assert body["comarca"] == "Osona" and body["province"] == "Barcelona"
    assert body["vegueria"] == "Catalunya Central"
    assert isinstance(body["households"], int) and isinstance(body["households_estimated"], bool)
    assert 41 < body["lat"] < 42.1 and 2.1 < body["lon"] < 2.4


def test_list_never_exposes_profile_data(client, staff_user):
    api_client(staff_user).patch(
        f"/api/v1/municipalities/{VIC}/profile",
        {"contacts": [{"name": "Secret Person", "role": "dpo"}], "notes": "secret"},
        content_type="application/json",
    )
    body = client.get(LIST, {"search": "vic"}).content.decode()
    assert "Secret Person" not in body and "secret" not in body
    detail = client.get(f"/api/v1/municipalities/{VIC}").content.decode()
    assert "Secret Person" not in detail


# --- profile ------------------------------------------------------------------------------


@pytest.mark.parametrize("who,status", [("collaborator", 403), ("admin", 200)])
def test_profile_matrix_other_roles(users, who, status):
    client = api_client(users[who])
    assert client.get(f"/api/v1/municipalities/{VIC}/profile").status_code == status
    response = client.patch(
        f"/api/v1/municipalities/{VIC}/profile", {"notes": "x"}, content_type="application/json"
    )
    assert response.status_code == status


def test_olot_user_reads_and_edits_own_profile_only(users):
    client = api_client(users["olot"])
    assert client.get(f"/api/v1/municipalities/{OLOT}/profile").status_code == 200
    assert client.get(f"/api/v1/municipalities/{VIC}/profile").status_code == 403


def test_patch_replaces_contacts_and_keeps_what_is_not_sent(users):
    client = api_client(users["vic"])
    url = f"/api/v1/municipalities/{VIC}/profile"
    contacts = [
        {"name": "Anna", "role": "dpo", "email": "anna@vic.cat", "phone": "+34 938 862 100"},
        {"name": "Pere", "role": "it", "email": "", "phone": ""},
    ]
    body = client.patch(url, {"contacts": contacts, "notes": "n1"}, content_type="application/json")
    assert body.json() == {"municipality": VIC, "contacts": contacts, "notes": "n1"}
    body = client.patch(url, {"notes": "n2"}, content_type="application/json").json()
    assert body["contacts"] == contacts and body["notes"] == "n2"
    body = client.patch(url, {"contacts": contacts[1:]}, content_type="application/json").json()
    assert body["contacts"] == contacts[1:] and body["notes"] == "n2"
    assert client.get(url).json() == body


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"contacts": [{"name": "A", "role": "other", "phone": "call me"}]}, "contacts.0.phone"),
        ({"contacts": [{"name": " ", "role": "other"}]}, "contacts.0.name"),
        ({"contacts": [{"name": "A"}]}, "contacts.0.role"),
        ({"contacts": [{"name": "A", "role": "other"}] * 21}, "contacts"),
        ({"notes": "x" * 5001}, "notes"),
        ({"contacts": "nobody"}, "contacts"),
    ],
)
def test_invalid_profile_fields_are_422_and_nothing_is_saved(users, payload, field):
    client = api_client(users["staff"])
    url = f"/api/v1/municipalities/{VIC}/profile"
    before = client.get(url).json()
    response = client.patch(
        url, {**payload, "notes": payload.get("notes", "changed")}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert client.get(url).json() == before


def test_malformed_json_body_is_refused_as_problem_json(users):
    response = api_client(users["staff"]).patch(
        f"/api/v1/municipalities/{VIC}/profile", "{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


# --- permission before validation -----------------------------------------------------------

PROFILE_BODIES = {
    "valid": {"contacts": [{"name": "Intrusa", "role": "dpo"}], "notes": "intrusion"},
    "invalid fields": {"contacts": [{"name": "", "role": "boss", "phone": "1"}], "notes": 5},
    "wrong types": {"contacts": "nobody", "notes": "x" * 5001},
    "not json": "{not json",
}


@pytest.mark.parametrize("who", ["olot", "board", "collaborator"])
@pytest.mark.parametrize("body", list(PROFILE_BODIES))
@pytest.mark.parametrize("auth", ["token", "session"])
def test_refused_users_get_403_whatever_the_body_and_nothing_is_saved(users, who, body, auth):
    url = f"/api/v1/municipalities/{VIC}/profile"
    client = api_client(users[who]) if auth == "token" else client_for(users[who])
    response = client.patch(url, PROFILE_BODIES[body], content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == []  # nothing about the fields sent
    assert not MunicipalProfile.objects.filter(municipality__code=VIC).exists()
    assert not Contact.objects.filter(name="Intrusa").exists()


@pytest.mark.parametrize("body", list(PROFILE_BODIES))
def test_no_credentials_get_401_whatever_the_body(body):
    response = Client().patch(
        f"/api/v1/municipalities/{VIC}/profile",
        PROFILE_BODIES[body],
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert not MunicipalProfile.objects.filter(municipality__code=VIC).exists()


def test_allowed_users_still_get_422_for_an_invalid_body_and_404_for_an_unknown_code(users):
    client = api_client(users["vic"])
    url = f"/api/v1/municipalities/{VIC}/profile"
    response = client.patch(url, PROFILE_BODIES["invalid fields"], content_type="application/json")
    assert response.status_code == 422
    assert {"contacts.0.name", "contacts.0.role", "contacts.0.phone", "notes"} <= {
        e["field"] for e in response.json()["errors"]
    }
    assert not MunicipalProfile.objects.filter(municipality__code=VIC).exists()
    response = api_client(users["staff"]).patch(
        "/api/v1/municipalities/999999/profile", {"notes": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
