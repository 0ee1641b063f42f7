"""Participation API through real HTTP: contract, permission matrix, malformed input."""

from __future__ import annotations

import pytest

from localret.accounts.roles import Role
from localret.participation.models import Comment, PlanVersion, Proposal, Support

from ..conftest import api_client, make_user
from .factories import make_consultation, make_plan

pytestmark = pytest.mark.django_db

ROLES = ["admin", "staff", "board", "vic", "olot", "invited", "not_invited", "public"]


@pytest.fixture
def world(users):
    plan = make_plan("pla-esborrany")
    other = make_plan("pla-altre")
    approved = make_plan("pla-aprovat", status="approved")
    outsider = make_user("collab2", Role.COLLABORATOR)
    consultation = make_consultation(plan, users["staff"], invited=(users["collaborator"],))
    other_consultation = make_consultation(other, users["staff"], invited=(outsider,))
    from localret.participation import services

    services.version_record(plan=approved, by=users["staff"], status="approved")
    who = dict(users)
    who["invited"] = users["collaborator"]
    who["not_invited"] = outsider
    return {
        "plan": plan,
        "other": other,
        "approved": approved,
        "consultation": consultation,
        "other_consultation": other_consultation,
        "who": who,
    }


def change_payload(name="Open data portal for every town"):
    return {"kind": "change", "element": "action_line:1.2", "fields": {"name": name}}


def test_versions_contract(world):
    body = api_client(world["who"]["staff"]).get("/api/v1/plans/pla-esborrany/versions").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["number"] == 1 and item["status"] == "draft" and item["created_at"]


def test_accepted_proposal_makes_a_new_version_and_the_diff_shows_it(world):
    invited = api_client(world["who"]["invited"])
    staff = api_client(world["who"]["staff"])
    pk = world["consultation"].pk
    created = invited.post(
        f"/api/v1/consultations/{pk}/proposals", change_payload(), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    proposal_id = created.json()["id"]
    decided = staff.post(
        f"/api/v1/proposals/{proposal_id}/decision",
        {"decision": "accept", "answer": "Agreed, clearer."},
        content_type="application/json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["resulting_version"] == 2
    versions = staff.get("/api/v1/plans/pla-esborrany/versions").json()["items"]
    assert [v["number"] for v in versions] == [1, 2]
    diff = invited.get("/api/v1/plans/pla-esborrany/versions/1/diff/2").json()
    assert [(c["kind"], c["element"]) for c in diff["changes"]] == [("changed", "action_line:1.2")]
    change = diff["changes"][0]
    assert change["before"]["name"] == "Open data for every town"
    assert change["after"]["name"] == "Open data portal for every town"
    marks = change["fields"][0]["marks"]
    assert ["insert", "portal "] in marks or any(
        m[0] == "insert" and "portal" in m[1] for m in marks
    )
    # The live draft plan carries the change too.
    from localret.strategy.models import ActionLine

    assert ActionLine.objects.get(objective__plan=world["plan"], code="1.2").name.startswith(
        "Open data portal"
    )
    assert staff.get("/api/v1/plans/pla-esborrany/versions/2/diff/2").json()["changes"] == []


@pytest.mark.parametrize(
    "who,plan,status",
    [
        (w, p, s)
        for p, expected in {
            "pla-esborrany": {
                "admin": 200,
                "staff": 200,
                "board": 200,
                "vic": 403,
                "olot": 403,
                "invited": 200,
                "not_invited": 403,
                "public": 403,
            },
            "pla-altre": {
                "admin": 200,
                "staff": 200,
                "board": 200,
                "vic": 403,
                "olot": 403,
                "invited": 403,
                "not_invited": 200,
                "public": 403,
            },
            "pla-aprovat": dict.fromkeys(ROLES, 200),
        }.items()
        for w, s in expected.items()
    ],
)
def test_versions_and_diff_permission_matrix(world, who, plan, status):
    client = api_client(world["who"][who])
    assert client.get(f"/api/v1/plans/{plan}/versions").status_code == status
    assert client.get(f"/api/v1/plans/{plan}/versions/1").status_code == status
    assert client.get(f"/api/v1/plans/{plan}/versions/1/diff/1").status_code == status


@pytest.mark.parametrize(
    "who,read,write,decide",
    [
        ("admin", 200, 201, 200),
        ("staff", 200, 201, 200),
        ("board", 200, 403, 403),
        ("vic", 403, 403, 403),
        ("olot", 403, 403, 403),
        ("invited", 200, 201, 403),
        ("not_invited", 403, 403, 403),
        ("public", 401, 401, 401),
    ],
)
def test_consultation_permission_matrix(world, who, read, write, decide):
    client = api_client(world["who"][who])
    pk = world["consultation"].pk
    assert client.get(f"/api/v1/consultations/{pk}").status_code == read
    comment = client.post(
        f"/api/v1/consultations/{pk}/comments",
        {"element": "objective:OE1", "text": f"by {who}"},
        content_type="application/json",
    )
    assert comment.status_code == write
    proposal = client.post(
        f"/api/v1/consultations/{pk}/proposals",
        change_payload(f"Name by {who}"),
        content_type="application/json",
    )
    assert proposal.status_code == write
    assert Comment.objects.filter(text=f"by {who}").exists() == (write == 201)
    staff_proposal = Proposal.objects.create(
        consultation=world["consultation"],
        author=world["who"]["staff"] if who != "staff" else world["who"]["admin"],
        kind="change",
        element="action_line:1.1",
        fields={"name": "Digital office for all"},
        created_at=world["consultation"].plan.versions.first().created_at,
    )
    support = client.post(f"/api/v1/proposals/{staff_proposal.pk}/support")
    assert support.status_code == write
    assert Support.objects.filter(proposal=staff_proposal).count() == (write == 201)
    decision = client.post(
        f"/api/v1/proposals/{staff_proposal.pk}/decision",
        {"decision": "reject", "answer": "Not now"},
        content_type="application/json",
    )
    assert decision.status_code == decide


@pytest.mark.parametrize("who", ["invited", "not_invited", "board", "vic", "public"])
def test_collaborators_cannot_act_in_other_consultations(world, who):
    """The invited collaborator is 403 in the consultation of another plan."""
    client = api_client(world["who"][who])
    pk = world["other_consultation"].pk
    expected_read = {"invited": 403, "not_invited": 200, "board": 200, "vic": 403, "public": 401}
    assert client.get(f"/api/v1/consultations/{pk}").status_code == expected_read[who]
    if who == "invited":
        response = client.post(
            f"/api/v1/consultations/{pk}/comments",
            {"element": "objective:OE1", "text": "x"},
            content_type="application/json",
        )
        assert response.status_code == 403
        assert not Comment.objects.filter(consultation_id=pk).exists()


@pytest.mark.parametrize(
    "who,status,count",
    [
        ("staff", 200, 2),
        ("board", 200, 2),
        ("invited", 200, 1),
        ("not_invited", 200, 1),
        ("vic", 403, 0),
        ("public", 401, 0),
    ],
)
def test_consultation_list_is_scoped(world, who, status, count):
    response = api_client(world["who"][who]).get("/api/v1/consultations")
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == count


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"kind": "move", "element": "action_line:1.2"}, "kind"),
        ({"kind": "change", "element": "action_line:9.9", "fields": {"name": "x"}}, "element"),
        ({"kind": "change", "element": "action_line:1.2", "fields": {}}, "fields"),
        (
            {"kind": "change", "element": "action_line:1.2", "fields": {"weight": "3"}},
            "fields.weight",
        ),
        ({"kind": "change", "element": "action_line:1.2", "fields": {"name": ""}}, "fields.name"),
        ({"kind": "change", "element": "action_line:1.2", "fields": {"name": 5}}, "fields.name"),
        (
            {
                "kind": "add",
                "element": "action_line:1.1",
                "parent": "objective:OE1",
                "fields": {"name": "dup"},
            },
            "element",
        ),
        (
            {
                "kind": "add",
                "element": "action_line:1.9",
                "parent": "objective:OE9",
                "fields": {"name": "new"},
            },
            "parent",
        ),
        (
            {
                "kind": "add",
                "element": "action_line:1.9",
                "parent": "action_line:1.1",
                "fields": {"name": "new"},
            },
            "parent",
        ),
        ({"kind": "add", "element": "action_line:1.9", "parent": "objective:OE1"}, "fields.name"),
        (
            {"kind": "add", "element": "widget:1", "parent": "plan", "fields": {"name": "w"}},
            "element",
        ),
        ({"kind": "remove", "element": "plan"}, "element"),
        ({"kind": "remove", "element": "action_line:1.1", "fields": {"name": "x"}}, "fields"),
        ({"element": "action_line:1.2"}, "kind"),
        ({"kind": "change", "element": "action_line:1.2", "fields": "rename"}, "fields"),
    ],
)
def test_malformed_proposal_names_the_field_and_writes_nothing(world, payload, field):
    response = api_client(world["who"]["invited"]).post(
        f"/api/v1/consultations/{world['consultation'].pk}/proposals",
        payload,
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "payload,field",
    [
        (
            {
                "plan": "pla-esborrany",
                "title": "",
                "opens_on": "2020-03-01",
                "closes_on": "2020-04-01",
            },
            "title",
        ),
        (
            {
                "plan": "pla-esborrany",
                "title": "T",
                "opens_on": "2020-05-01",
                "closes_on": "2020-04-01",
            },
            "closes_on",
        ),
        (
            {
                "plan": "pla-esborrany",
                "title": "T",
                "opens_on": "1 March",
                "closes_on": "2020-04-01",
            },
            "opens_on",
        ),
        (
            {
                "plan": "pla-aprovat",
                "title": "T",
                "opens_on": "2020-03-01",
                "closes_on": "2020-04-01",
            },
            "plan",
        ),
        (
            {"plan": "nope", "title": "T", "opens_on": "2020-03-01", "closes_on": "2020-04-01"},
            "plan",
        ),
    ],
)
def test_malformed_consultation_writes_nothing(world, payload, field):
    from localret.participation.models import Consultation

    before = Consultation.objects.count()
    response = api_client(world["who"]["staff"]).post(
        "/api/v1/consultations", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert Consultation.objects.count() == before


def test_decision_needs_an_answer_and_a_valid_decision(world):
    staff = api_client(world["who"]["staff"])
    proposal = Proposal.objects.create(
        consultation=world["consultation"],
        author=world["who"]["invited"],
        kind="change",
        element="action_line:1.1",
        fields={"name": "Digital office for all"},
        created_at=world["plan"].versions.first().created_at,
    )
    url = f"/api/v1/proposals/{proposal.pk}/decision"
    for payload, field in (
        ({"decision": "accept", "answer": " "}, "answer"),
        ({"decision": "maybe", "answer": "ok"}, "decision"),
    ):
        response = staff.post(url, payload, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == field
    proposal.refresh_from_db()
    assert proposal.status == "pending"
    assert PlanVersion.objects.filter(plan=world["plan"]).count() == 1


def test_support_once_and_not_ones_own(world):
    invited = api_client(world["who"]["invited"])
    staff = api_client(world["who"]["staff"])
    pk = world["consultation"].pk
    own = invited.post(
        f"/api/v1/consultations/{pk}/proposals", change_payload(), content_type="application/json"
    ).json()["id"]
    assert invited.post(f"/api/v1/proposals/{own}/support").status_code == 422
    assert staff.post(f"/api/v1/proposals/{own}/support").status_code == 201
    again = staff.post(f"/api/v1/proposals/{own}/support")
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "proposal"
    assert Support.objects.filter(proposal_id=own).count() == 1


def test_closed_consultation_refuses_contributions(world):
    from localret.participation import services

    services.consultation_set_status(
        consultation=world["consultation"], status="closed", by=world["who"]["staff"]
    )
    response = api_client(world["who"]["invited"]).post(
        f"/api/v1/consultations/{world['consultation'].pk}/comments",
        {"element": "objective:OE1", "text": "late"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "consultation"


@pytest.mark.parametrize(
    "who,status",
    [
        ("admin", 201),
        ("staff", 201),
        ("board", 403),
        ("vic", 403),
        ("olot", 403),
        ("invited", 403),
        ("not_invited", 403),
        ("public", 401),
    ],
)
def test_create_consultation_and_invite_permission_matrix(world, who, status):
    from localret.participation.models import Consultation, Invitation

    client = api_client(world["who"][who])
    before = Consultation.objects.count()
    response = client.post(
        "/api/v1/consultations",
        {
            "plan": "pla-esborrany",
            "title": f"by {who}",
            "opens_on": "2020-03-01",
            "closes_on": "2020-04-01",
        },
        content_type="application/json",
    )
    assert response.status_code == status
    assert Consultation.objects.count() == before + (status == 201)
    invite = client.post(
        f"/api/v1/consultations/{world['other_consultation'].pk}/invitations",
        {"username": world["who"]["collaborator"].username},
        content_type="application/json",
    )
    assert invite.status_code == status
    invited = Invitation.objects.filter(
        consultation=world["other_consultation"], user=world["who"]["collaborator"]
    ).exists()
    assert invited == (status == 201)


def test_prepending_drafts_refuses_later_drafts_and_writes_nothing(world):
    import datetime as dt

    from django.utils import timezone

    from localret.participation import services

    plan = world["plan"]
    first = plan.versions.get()
    late = first.created_at + dt.timedelta(days=1)
    with pytest.raises(services.InvalidInput) as exc:
        services.versions_prepend_drafts(
            plan=plan, drafts=[{"snapshot": first.snapshot, "created_at": late}]
        )
    assert exc.value.errors[0]["field"] == "drafts"
    assert list(plan.versions.values_list("number", flat=True)) == [1]
    early = timezone.make_aware(dt.datetime(2019, 1, 1))
    services.versions_prepend_drafts(
        plan=plan, drafts=[{"snapshot": first.snapshot, "created_at": early}]
    )
    assert list(plan.versions.values_list("number", "created_at")) == [
        (1, early),
        (2, first.created_at),
    ]
