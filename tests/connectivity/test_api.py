"""Contract endpoints of issue 6 and the permission matrix of every connectivity endpoint."""

import pytest

from localret.connectivity.models import Scenario

from ..conftest import api_client
from .factories import VIC, candidate_set, deployment, small_world, upload

pytestmark = pytest.mark.django_db

ROLES = ["public", "collaborator", "vic", "olot", "board", "staff", "admin"]


def test_municipality_coverage_contract(client):
    small_world()
    body = client.get(f"/api/v1/connectivity/municipalities/{VIC}?year=2023").json()
    assert body["households"] == 1000
    assert (body["covered_30"], body["covered_100"], body["covered_1000"]) == (1000, 1000, 1000)
    # 900 households in the covered nucleus, none in the white scattered area.
    assert body["gigabit_share"] == 0.9
    assert body["classification"]["nga"] == {"white": 1, "grey": 0, "black": 1}
    assert body["classification"]["eu2023"] == {"white": 1, "grey": 0, "black": 1}
    latest = client.get(f"/api/v1/connectivity/municipalities/{VIC}").json()
    assert latest["year"] == 2024
    assert latest["gigabit_share"] == 0.95  # 900 + 100 x 50/100
    assert latest["classification"]["nga"] == {"white": 0, "grey": 1, "black": 1}


def test_municipality_without_data_is_404(client):
    small_world()
    assert client.get("/api/v1/connectivity/municipalities/080193").status_code == 404
    assert client.get(f"/api/v1/connectivity/municipalities/{VIC}?year=2010").status_code == 404


def test_gaps_and_changes_are_public(client):
    small_world()
    gaps = client.get("/api/v1/connectivity/gaps?level=province&year=2024").json()
    assert {i["name"] for i in gaps["items"]} == {"Barcelona", "Girona"}
    assert gaps["white_households"] == 0
    old = client.get("/api/v1/connectivity/gaps?level=province&year=2023").json()
    assert old["white_households"] == 100
    changes = client.get("/api/v1/connectivity/changes?from=2023&to=2024").json()
    got = {(c["area"], c["scheme"], c["before"], c["after"]) for c in changes["changes"]}
    assert ("VIC-S", "nga", "white", "grey") in got
    assert ("OLOT-N", "eu2023", "white", "grey") in got
    assert not [c for c in changes["changes"] if c["area"] == "VIC-N"]
    assert client.get("/api/v1/connectivity/gaps?level=street").status_code == 422
    # One municipality: by its code (or the 5-digit INE code); a wrong code is refused by name.
    base = "/api/v1/connectivity/changes?from=2023&to=2024&municipality="
    vic = {c["area"] for c in client.get(base + "082981").json()["changes"]}
    assert vic == {c["area"] for c in client.get(base + "08298").json()["changes"]}
    assert vic and all(area.startswith("VIC") for area in vic)
    wrong = client.get(base + "abc")
    assert wrong.status_code == 422 and "municipality" in wrong.content.decode()


def test_scenario_contract(staff_user):
    candidate_set("s1")
    client = api_client(staff_user)
    payload = {
        "candidates": "s1",
        "budget_eur": 90000,
        "balance": {"level": "comarca", "min_share": 0.5},
        "must_include": [],
        "must_exclude": ["A2"],
        "time_limit_s": 5,
        "mip_gap": 0.0,
    }
    r = client.post("/api/v1/connectivity/scenarios", payload, content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "optimal"
    assert "A2" not in body["selected"]
    assert body["cost_eur"] <= 90000
    assert sorted(body["selected"]) == ["A1", "A3"]
    assert {"households_covered", "cost_eur", "mip_gap", "solve_seconds", "greedy"} <= set(body)
    assert set(body["greedy"]) >= {"households_covered", "cost_eur"}
    # Osona (Vic) and Garrotxa (Olot) both receive at least their minimum.
    assert set(body["cost_by_region"]) == {"Osona", "Garrotxa"}
    assert body["households_covered"] >= body["greedy"]["households_covered"]
    assert Scenario.objects.count() == 1
    saved = client.get(f"/api/v1/connectivity/scenarios/{body['id']}").json()
    assert saved["selected"] == body["selected"]


def test_infeasible_scenario_says_which_rule(staff_user):
    candidate_set("s1")
    r = api_client(staff_user).post(
        "/api/v1/connectivity/scenarios",
        {"candidates": "s1", "budget_eur": 15000, "balance": {"level": "vegueria", "min_share": 1}},
        content_type="application/json",
    )
    body = r.json()
    assert body["status"] == "infeasible"
    assert "balance" in body["reason"] and body["selected"] == []


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"candidates": "nope", "budget_eur": 1}, "candidates"),
        ({"candidates": "s1", "budget_eur": -1}, "budget_eur"),
        ({"candidates": "s1", "budget_eur": 1, "must_include": ["ZZ"]}, "must_include"),
        ({"candidates": "s1", "budget_eur": 1, "must_exclude": ["ZZ"]}, "must_exclude"),
        ({"candidates": "s1", "budget_eur": 1, "balance": {"level": "x", "min_share": 1}}, None),
        (
            {"candidates": "s1", "budget_eur": 1, "balance": {"level": "comarca", "min_share": 2}},
            None,
        ),
        ({"candidates": "s1", "budget_eur": 1, "mip_gap": 3}, "mip_gap"),
        ({"candidates": "s1", "budget_eur": 1, "weights": {"pink": 2}}, "weights"),
    ],
)
def test_invalid_scenario_input_is_422(staff_user, payload, field):
    candidate_set("s1")
    r = api_client(staff_user).post(
        "/api/v1/connectivity/scenarios", payload, content_type="application/json"
    )
    assert r.status_code == 422
    if field:
        assert any(field in (e.get("field") or "") for e in r.json()["errors"])
    assert not Scenario.objects.exists()


PUBLIC_GETS = [
    f"/api/v1/connectivity/municipalities/{VIC}",
    "/api/v1/connectivity/gaps",
    "/api/v1/connectivity/changes?from=2023&to=2024",
    "/api/v1/connectivity/deployments",
]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("url", PUBLIC_GETS)
def test_public_reads_for_every_role(users, who, url):
    world = small_world()
    deployment([world["vic_s"]])
    assert api_client(users[who]).get(url).status_code == 200


PREMISE_FILE = (
    b"premise_id,municipality,technology,down_mbps,up_mbps,operator\nP,082981,FTTH,1000,1000,X\n"
)


def expected(who, allowed):
    if who == "public":
        return 401
    return 200 if who in allowed else 403


@pytest.mark.parametrize("who", ROLES)
def test_plan_reads_are_staff_and_board(users, who):
    cset = candidate_set("s1")
    from localret.connectivity.services import ScenarioInput, scenario_run

    s = scenario_run(
        candidate_set=cset, spec=ScenarioInput(candidates="s1", budget_eur=50000), name="x", by=None
    )
    client = api_client(users[who])
    allowed = {"board", "staff", "admin"}
    for url in (
        "/api/v1/connectivity/candidates",
        "/api/v1/connectivity/scenarios",
        f"/api/v1/connectivity/scenarios/{s.pk}",
    ):
        assert client.get(url).status_code == expected(who, allowed), url


@pytest.mark.parametrize("who", ROLES)
def test_writes_are_staff_only(users, who):
    candidate_set("s1")
    client = api_client(users[who])
    allowed = {"staff", "admin"}
    area_file = (
        b"area_id,municipality,year,premises,covered_30,covered_100,covered_1000\n"
        b"X,082981,2024,10,5,5,0\n"
    )
    r = client.post(
        "/api/v1/connectivity/coverage/import?format=areas&dry_run=true",
        {"file": upload("a.csv", area_file)},
    )
    assert r.status_code == expected(who, allowed)
    premise_file = PREMISE_FILE
    r = client.post(
        "/api/v1/connectivity/coverage/import?format=premises&dry_run=true&year=2025",
        {"file": upload("p.csv", premise_file)},
    )
    assert r.status_code == expected(who, allowed)
    r = client.post(
        "/api/v1/connectivity/candidates/import?set=new&dry_run=true",
        {
            "file": upload(
                "c.csv",
                b"area_id,municipality,households,cost_eur,classification\nA,082981,1,1,white\n",
            )
        },
    )
    assert r.status_code == expected(who, allowed)
    r = client.post(
        "/api/v1/connectivity/scenarios",
        {"candidates": "s1", "budget_eur": 1000},
        content_type="application/json",
    )
    assert r.status_code == expected(who, allowed)
    assert Scenario.objects.count() == (1 if who in allowed else 0)


@pytest.mark.parametrize("who", ROLES)
def test_job_polling_is_staff_only(users, staff_user, who):
    body = (
        api_client(staff_user)
        .post(
            "/api/v1/connectivity/coverage/import?format=premises&dry_run=true&year=2025",
            {
                "file": upload(
                    "p.csv",
                    b"premise_id,municipality,technology,down_mbps,up_mbps,operator\nP,082981,FTTH,1000,1000,X\n",
                )
            },
        )
        .json()
    )
    r = api_client(users[who]).get(f"/api/v1/connectivity/jobs/{body['job_id']}")
    assert r.status_code == expected(who, {"staff", "admin"})
