"""The innovation API: contract, permission matrix, malformed input."""

from __future__ import annotations

import pytest

from localret.innovation.models import CriterionResult, Idea, Offer, Pilot

from ..conftest import api_client, speaking
from .factories import OLOT, TORELLO, VIC, make_pilot

pytestmark = pytest.mark.django_db

ROLES = ("admin", "staff", "board", "vic", "olot", "collaborator", "public")
WRITE_STATUS = {
    "admin": None,
    "staff": None,
    "board": 403,
    "vic": 403,
    "olot": 403,
    "collaborator": 403,
    "public": 401,
}


@pytest.fixture
def pilots(staff_user):
    return {
        "idea": make_pilot(by=staff_user, name="A idea", codes=(OLOT,)),
        "running": make_pilot(by=staff_user, name="B running", stage="pilot"),
        "scaling": make_pilot(by=staff_user, name="C scaling", codes=(VIC,), stage="scaling"),
        "internal": make_pilot(by=staff_user, name="D internal", stage="pilot", is_public=False),
    }


def test_list_contract_and_stage_filter(client, pilots):
    body = client.get("/api/v1/innovation/pilots").json()
    assert body["count"] == 3  # the internal pilot is not public
    item = body["items"][0]
    assert {"id", "name", "stage", "municipalities"} <= set(item)
    by_name = {i["name"]: i for i in body["items"]}
    assert sorted(by_name["B running"]["municipalities"]) == sorted([VIC, OLOT])
    scaling = client.get("/api/v1/innovation/pilots?stage=scaling").json()
    assert [i["name"] for i in scaling["items"]] == ["C scaling"]
    assert scaling["items"][0]["municipalities"] == [VIC]


def test_unknown_stage_is_422_naming_the_field(client):
    response = client.get("/api/v1/innovation/pilots?stage=flying")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "stage"


@pytest.mark.parametrize("who", ROLES)
def test_read_matrix(users, pilots, who):
    client = api_client(users[who])
    internal_visible = who in ("admin", "staff", "board")
    listing = client.get("/api/v1/innovation/pilots").json()
    assert listing["count"] == (4 if internal_visible else 3)
    public = client.get(f"/api/v1/innovation/pilots/{pilots['scaling'].pk}")
    assert public.status_code == 200
    assert public.json()["evaluations"][0]["decision"] == "scale"
    internal = client.get(f"/api/v1/innovation/pilots/{pilots['internal'].pk}")
    assert internal.status_code == (200 if internal_visible else 404)
    replication = client.get(f"/api/v1/innovation/pilots/{pilots['scaling'].pk}/replication")
    assert replication.status_code == 200
    hidden = client.get(f"/api/v1/innovation/pilots/{pilots['internal'].pk}/replication")
    assert hidden.status_code == (200 if internal_visible else 404)


def test_open_evaluations_are_internal(users, staff_user):
    pilot = make_pilot(by=staff_user, stage="evaluation")
    public = api_client(None).get(f"/api/v1/innovation/pilots/{pilot.pk}").json()
    assert public["evaluations"] == []
    board = api_client(users["board"]).get(f"/api/v1/innovation/pilots/{pilot.pk}").json()
    assert len(board["evaluations"]) == 1


def test_replication_contract_never_lists_participants_or_adopters(client, staff_user):
    pilot = make_pilot(by=staff_user, codes=(VIC, OLOT), stage="scaling")
    offer_client = api_client(staff_user)
    created = offer_client.post(
        f"/api/v1/innovation/pilots/{pilot.pk}/offers",
        {"municipality": TORELLO},
        content_type="application/json",
    )
    assert created.status_code == 201
    offer_id = created.json()["id"]
    for status in ("accepted", "adopted"):
        r = offer_client.patch(
            f"/api/v1/innovation/offers/{offer_id}",
            {"status": status},
            content_type="application/json",
        )
        assert r.status_code == 200, r.json()
    body = client.get(f"/api/v1/innovation/pilots/{pilot.pk}/replication?limit=947").json()
    codes = [i["municipality"] for i in body["items"]]
    assert {VIC, OLOT, TORELLO}.isdisjoint(codes)
    assert len(codes) == 947 - 3
    assert body["basis"] == "worked" and set(body["seeds"]) == {VIC, OLOT}
    first = body["items"][0]
    assert set(first) >= {"municipality", "score", "reasons"}
    assert 0 < first["score"] <= 1 and first["reasons"]
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_replication_of_unknown_pilot_is_404(client):
    assert client.get("/api/v1/innovation/pilots/999999/replication").status_code == 404


PILOT_PAYLOAD = {
    "name": "Open data portal",
    "challenge": "Data are scattered",
    "solution": "CKAN portal",
    "municipalities": [VIC, OLOT],
    "budget": "15000.50",
    "partners": ["AOC"],
    "start_date": "2021-01-01",
}


@pytest.mark.parametrize("who", ROLES)
def test_write_matrix(users, staff_user, who):
    pilot = make_pilot(by=staff_user, stage="pilot")
    evaluation_pilot = make_pilot(by=staff_user, name="Eval", stage="evaluation")
    evaluation = evaluation_pilot.evaluations.get()
    scaling = make_pilot(by=staff_user, name="Scale", codes=(VIC,), stage="scaling")
    client = api_client(users[who])
    expected = WRITE_STATUS[who]
    calls = [
        ("post", "/api/v1/innovation/pilots", PILOT_PAYLOAD, 201),
        ("patch", f"/api/v1/innovation/pilots/{pilot.pk}", {"name": "Renamed"}, 200),
        ("post", f"/api/v1/innovation/pilots/{pilot.pk}/stage", {"stage": "evaluation"}, 200),
        (
            "post",
            f"/api/v1/innovation/pilots/{pilot.pk}/criteria",
            {"metric": "Users", "baseline": "0", "target": "100"},
            201,
        ),
        ("patch", f"/api/v1/innovation/evaluations/{evaluation.pk}", {"summary": "s"}, 200),
        (
            "post",
            f"/api/v1/innovation/evaluations/{evaluation.pk}/results",
            {
                "results": [
                    {
                        "criterion": evaluation_pilot.criteria.get().pk,
                        "municipality": VIC,
                        "value": "21",
                    }
                ]
            },
            200,
        ),
        (
            "post",
            f"/api/v1/innovation/evaluations/{evaluation.pk}/decision",
            {"decision": "iterate", "reasons": "Needs more data"},
            200,
        ),
        ("post", f"/api/v1/innovation/pilots/{scaling.pk}/offers", {"municipality": OLOT}, 201),
    ]
    for method, url, payload, ok in calls:
        response = getattr(client, method)(url, payload, content_type="application/json")
        assert response.status_code == (expected or ok), (url, response.content)
    pilot.refresh_from_db()
    evaluation.refresh_from_db()
    if expected:
        assert pilot.name != "Renamed" and pilot.stage == "pilot"
        assert not evaluation.is_decided
        assert not Offer.objects.exists()
        assert not Pilot.objects.filter(name="Open data portal").exists()
    else:
        assert pilot.name == "Renamed" and pilot.stage == "evaluation"
        assert evaluation.decision == "iterate"
        created = Pilot.objects.get(name="Open data portal")
        assert str(created.budget) == "15000.50"
        assert Offer.objects.get().municipality.code == OLOT


@pytest.mark.parametrize("who", ROLES)
def test_offer_status_matrix(users, staff_user, who):
    scaling = make_pilot(by=staff_user, name="Scale", codes=(VIC,), stage="scaling")
    staff = api_client(staff_user)
    offer_id = staff.post(
        f"/api/v1/innovation/pilots/{scaling.pk}/offers",
        {"municipality": OLOT},
        content_type="application/json",
    ).json()["id"]
    response = api_client(users[who]).patch(
        f"/api/v1/innovation/offers/{offer_id}",
        {"status": "accepted"},
        content_type="application/json",
    )
    assert response.status_code == (WRITE_STATUS[who] or 200)
    assert Offer.objects.get().status == ("offered" if WRITE_STATUS[who] else "accepted")


@pytest.mark.parametrize(
    "who,status",
    [
        ("admin", 200),
        ("staff", 200),
        ("board", 200),
        ("olot", 200),
        ("vic", 200),
        ("collaborator", 403),
        ("public", 401),
    ],
)
def test_offers_read_matrix(users, staff_user, who, status):
    scaling = make_pilot(by=staff_user, name="Scale", codes=(VIC,), stage="scaling")
    api_client(staff_user).post(
        f"/api/v1/innovation/pilots/{scaling.pk}/offers",
        {"municipality": OLOT},
        content_type="application/json",
    )
    response = api_client(users[who]).get(f"/api/v1/innovation/pilots/{scaling.pk}/offers")
    assert response.status_code == status
    if status == 200:
        codes = [o["municipality"] for o in response.json()]
        assert codes == ([] if who == "vic" else [OLOT])


@pytest.mark.parametrize(
    "who,municipality,status",
    [
        ("staff", None, 201),
        ("admin", VIC, 201),
        ("vic", VIC, 201),
        ("vic", OLOT, 403),
        ("vic", None, 403),
        ("olot", VIC, 403),
        ("board", None, 403),
        ("collaborator", None, 403),
        ("public", None, 401),
    ],
)
def test_idea_proposal_matrix(users, who, municipality, status):
    payload = {"title": "Smart bins", "description": "Fill-level sensors"}
    if municipality:
        payload["municipality"] = municipality
    response = api_client(users[who]).post(
        "/api/v1/innovation/ideas", payload, content_type="application/json"
    )
    assert response.status_code == status
    assert Idea.objects.exists() == (status == 201)
    if status == 201:
        idea = Idea.objects.get()
        assert idea.source == ("municipality" if municipality else "staff")


@pytest.mark.parametrize(
    "who,status,count",
    [
        ("staff", 200, 2),
        ("board", 200, 2),
        ("vic", 200, 1),
        ("olot", 200, 0),
        ("collaborator", 403, None),
        ("public", 401, None),
    ],
)
def test_idea_read_matrix(users, who, status, count):
    api_client(users["vic"]).post(
        "/api/v1/innovation/ideas",
        {"title": "From Vic", "municipality": VIC},
        content_type="application/json",
    )
    api_client(users["staff"]).post(
        "/api/v1/innovation/ideas", {"title": "From staff"}, content_type="application/json"
    )
    response = api_client(users[who]).get("/api/v1/innovation/ideas")
    assert response.status_code == status
    if count is not None:
        assert len(response.json()) == count


@pytest.mark.parametrize(
    "payload,field",
    [
        ({**PILOT_PAYLOAD, "budget": "-5"}, "budget"),
        ({**PILOT_PAYLOAD, "budget": "abc"}, "budget"),
        ({**PILOT_PAYLOAD, "municipalities": [VIC, "999999"]}, "municipalities.1"),
        ({**PILOT_PAYLOAD, "name": ""}, "name"),
        ({**PILOT_PAYLOAD, "start_date": "2021-13-01"}, "start_date"),
        ({**PILOT_PAYLOAD, "end_date": "2020-01-01"}, "end_date"),
        ({**PILOT_PAYLOAD, "action_line": 999999}, "action_line"),
        ({k: v for k, v in PILOT_PAYLOAD.items() if k != "challenge"}, "challenge"),
    ],
)
def test_malformed_pilot_is_422_with_field_and_writes_nothing(staff_user, payload, field):
    response = api_client(staff_user).post(
        "/api/v1/innovation/pilots", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Pilot.objects.exists()


def test_malformed_results_are_422_with_row_and_field_and_write_nothing(staff_user):
    pilot = make_pilot(by=staff_user, stage="evaluation")
    evaluation = pilot.evaluations.get()
    criterion = pilot.criteria.get()
    client = api_client(staff_user)
    bad_value = client.post(
        f"/api/v1/innovation/evaluations/{evaluation.pk}/results",
        {"results": [{"criterion": criterion.pk, "municipality": VIC, "value": "lots"}]},
        content_type="application/json",
    )
    assert bad_value.status_code == 422
    assert bad_value.json()["errors"][0]["field"] == "results.0.value"
    not_participant = speaking(client, "en").post(
        f"/api/v1/innovation/evaluations/{evaluation.pk}/results",
        {
            "results": [
                {"criterion": criterion.pk, "municipality": VIC, "value": "21"},
                {"criterion": criterion.pk, "municipality": TORELLO, "value": "21"},
            ]
        },
        content_type="application/json",
    )
    assert not_participant.status_code == 422
    assert not_participant.json()["errors"] == [
        {
            "field": "municipality",
            "row": 2,
            "message": "Not a participating municipality of this pilot.",
        }
    ]
    assert not CriterionResult.objects.exists()


def test_decided_evaluation_answers_409_and_does_not_change(staff_user):
    pilot = make_pilot(by=staff_user, stage="evaluation")
    evaluation = pilot.evaluations.get()
    client = api_client(staff_user)
    url = f"/api/v1/innovation/evaluations/{evaluation.pk}"
    assert (
        client.post(
            f"{url}/decision",
            {"decision": "stop", "reasons": "No uptake", "lessons": "Ask first"},
            content_type="application/json",
        ).status_code
        == 200
    )
    for method, suffix, payload in [
        ("post", "/decision", {"decision": "scale", "reasons": "x"}),
        ("patch", "", {"lessons": "rewritten"}),
        (
            "post",
            "/results",
            {"results": [{"criterion": pilot.criteria.get().pk, "municipality": VIC, "value": 1}]},
        ),
    ]:
        response = getattr(client, method)(url + suffix, payload, content_type="application/json")
        assert response.status_code == 409
        assert response.json()["errors"][0]["field"] == "evaluation"
    evaluation.refresh_from_db()
    assert (evaluation.decision, evaluation.lessons) == ("stop", "Ask first")


def test_wrong_stage_move_is_422_naming_stage(staff_user):
    pilot = make_pilot(by=staff_user)
    response = api_client(staff_user).post(
        f"/api/v1/innovation/pilots/{pilot.pk}/stage",
        {"stage": "scaling"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "stage"
