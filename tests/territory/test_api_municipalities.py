import pytest

from ..conftest import OLOT, VIC, api_client

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
            {"name": "Anna", "role": "DPO", "email": "anna@vic.cat", "phone": "938 862 100"},
            {"name": "Pere", "role": "IT", "email": "not-an-email", "phone": ""},
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
