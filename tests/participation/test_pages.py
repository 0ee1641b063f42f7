"""Participation pages through real HTTP: permission matrix, flows, malformed forms."""

from __future__ import annotations

import pytest

from localret.accounts.roles import Role
from localret.participation import services
from localret.participation.models import Comment, PlanVersion, Proposal

from ..conftest import client_for, make_user, speaking
from .factories import make_consultation, make_plan

pytestmark = pytest.mark.django_db

WHO = ["admin", "staff", "board", "vic", "olot", "invited", "not_invited", "public"]


@pytest.fixture
def world(users):
    plan = make_plan("pla-esborrany")
    other = make_plan("pla-altre")
    approved = make_plan("pla-aprovat", status="approved")
    outsider = make_user("collab2", Role.COLLABORATOR)
    consultation = make_consultation(plan, users["staff"], invited=(users["collaborator"],))
    other_consultation = make_consultation(other, users["staff"], invited=(outsider,))
    services.version_record(plan=approved, by=users["staff"], status="approved")
    proposal = services.proposal_create(
        consultation=consultation,
        by=users["staff"],
        kind="change",
        element="action_line:1.1",
        fields={"name": "Digital office in every town hall"},
    )
    who = dict(users)
    who["invited"] = users["collaborator"]
    who["not_invited"] = outsider
    return {
        "plan": plan,
        "consultation": consultation,
        "other_consultation": other_consultation,
        "proposal": proposal,
        "who": who,
    }


def expect(allowed: set[str], who: str) -> int:
    if who in allowed:
        return 200
    return 302 if who == "public" else 403


INTERNAL = {"admin", "staff", "board"}
STAFF = {"admin", "staff"}


@pytest.mark.parametrize("who", WHO)
def test_page_permission_matrix(world, who):
    client = client_for(world["who"][who])
    c, oc = world["consultation"].pk, world["other_consultation"].pk
    pages = {
        "/participacio/": INTERNAL | {"invited", "not_invited"},
        f"/participacio/consultes/{c}/": INTERNAL | {"invited"},
        f"/participacio/consultes/{oc}/": INTERNAL | {"not_invited"},
        f"/participacio/consultes/{c}/gestio/": STAFF,
        "/participacio/consultes/nova/": STAFF,
    }
    for url, allowed in pages.items():
        assert client.get(url).status_code == expect(allowed, who), url
    # Public-capable pages: 403 (never a login redirect) for those not allowed.
    public_pages = {
        "/participacio/plans/pla-esborrany/versions/": INTERNAL | {"invited"},
        "/participacio/plans/pla-esborrany/versions/1/diff/1/": INTERNAL | {"invited"},
        "/participacio/plans/pla-esborrany/elements/action_line:1.2/": INTERNAL | {"invited"},
        "/participacio/plans/pla-altre/versions/": INTERNAL | {"not_invited"},
        "/participacio/plans/pla-aprovat/versions/": set(WHO),
        "/participacio/plans/pla-aprovat/versions/1/diff/1/": set(WHO),
    }
    for url, allowed in public_pages.items():
        assert client.get(url).status_code == (200 if who in allowed else 403), url


@pytest.mark.parametrize("who", WHO)
def test_contribution_posts_permission_matrix(world, who):
    client = client_for(world["who"][who])
    c = world["consultation"].pk
    response = client.post(
        f"/participacio/consultes/{c}/comentaris/",
        {"comment-element": "objective:OE1", "comment-text": f"by {who}"},
    )
    can_write = who in STAFF | {"invited"}
    assert response.status_code == (302 if can_write or who == "public" else 403)
    assert Comment.objects.filter(text=f"by {who}").exists() == can_write
    response = client.post(
        f"/participacio/propostes/{world['proposal'].pk}/decisio/",
        {
            f"decide-{world['proposal'].pk}-decision": "reject",
            f"decide-{world['proposal'].pk}-answer": "No",
        },
    )
    assert response.status_code == (302 if who in STAFF | {"public"} else 403)
    world["proposal"].refresh_from_db()
    assert (world["proposal"].status == "rejected") == (who in STAFF)


def test_invited_collaborator_is_403_in_other_consultation_posts(world):
    client = client_for(world["who"]["invited"])
    oc = world["other_consultation"].pk
    response = client.post(
        f"/participacio/consultes/{oc}/propostes/",
        {"proposal-kind": "remove", "proposal-target": "action_line:1.1"},
    )
    assert response.status_code == 403
    assert not Proposal.objects.filter(consultation_id=oc).exists()


def test_collaborator_proposes_staff_accepts_new_version_and_diff(world):
    invited = client_for(world["who"]["invited"])
    staff = client_for(world["who"]["staff"])
    c = world["consultation"].pk
    response = invited.post(
        f"/participacio/consultes/{c}/propostes/",
        {
            "proposal-kind": "change",
            "proposal-target": "action_line:1.2",
            "proposal-name": "Open data and transparency for every town",
            "proposal-rationale": "Transparency matters",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(element="action_line:1.2")
    assert proposal.author == world["who"]["invited"]
    assert proposal.fields == {"name": "Open data and transparency for every town"}
    page = speaking(invited, "en").get(f"/participacio/consultes/{c}/")
    assert b"Open data and transparency for every town" in page.content
    response = staff.post(
        f"/participacio/propostes/{proposal.pk}/decisio/",
        {
            f"decide-{proposal.pk}-decision": "accept",
            f"decide-{proposal.pk}-answer": "Accepted in full.",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.resulting_version.number == 2
    versions = invited.get("/participacio/plans/pla-esborrany/versions/")
    assert b"/versions/1/diff/2/" in versions.content
    diff = invited.get("/participacio/plans/pla-esborrany/versions/1/diff/2/")
    assert diff.status_code == 200
    assert b"action_line:1.2" in diff.content
    assert b"<ins>" in diff.content and b"transparency" in diff.content
    assert b"action_line:1.1" not in diff.content
    trace = invited.get("/participacio/plans/pla-esborrany/elements/action_line:1.2/")
    assert b"Transparency matters" in trace.content and b"Accepted in full." in trace.content


def test_malformed_proposal_form_names_the_field_and_writes_nothing(world):
    invited = client_for(world["who"]["invited"])
    c = world["consultation"].pk
    before = Proposal.objects.count()
    response = speaking(invited, "en").post(
        f"/participacio/consultes/{c}/propostes/",
        {
            "proposal-kind": "add",
            "proposal-target": "action_line:1.1",
            "proposal-new_type": "action_line",
            "proposal-new_code": "1.9",
            "proposal-name": "A new line",
        },
    )
    assert response.status_code == 422
    assert b'id="id_proposal-target-error"' in response.content
    assert Proposal.objects.count() == before
    response = speaking(invited, "en").post(
        f"/participacio/consultes/{c}/propostes/",
        {"proposal-kind": "change", "proposal-target": "objective:OE1"},
    )
    assert response.status_code == 422
    assert b"propose at least one field" in response.content
    assert Proposal.objects.count() == before


def test_staff_publishes_a_consultation_and_invites(world):
    staff = client_for(world["who"]["staff"])
    plan = make_plan("pla-nou")
    response = staff.post(
        "/participacio/consultes/nova/",
        {
            "plan": plan.slug,
            "title": "Consulta nova",
            "opens_on": "2024-03-01",
            "closes_on": "2024-02-01",
            "status": "open",
        },
    )
    assert response.status_code == 200 and b"closes_on-error" in response.content
    assert not plan.consultations.exists()
    response = staff.post(
        "/participacio/consultes/nova/",
        {
            "plan": plan.slug,
            "title": "Consulta nova",
            "opens_on": "2024-03-01",
            "closes_on": "2024-04-01",
            "status": "open",
        },
    )
    consultation = plan.consultations.get()
    assert response.status_code == 302
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    url = f"/participacio/consultes/{consultation.pk}/gestio/"
    bad = speaking(staff, "en").post(url, {"action": "invite", "invite-username": "vic1"})
    assert b"collaborator role" in bad.content
    staff.post(url, {"action": "invite", "invite-username": "collab1"})
    assert consultation.invitations.filter(user=world["who"]["invited"]).exists()


def test_staff_records_a_version_of_a_draft(world):
    staff = client_for(world["who"]["staff"])
    response = staff.post("/participacio/plans/pla-esborrany/versions/", {"note": "manual"})
    assert response.status_code == 302
    assert world["plan"].versions.last().note == "manual"
    board = client_for(world["who"]["board"])
    assert board.post("/participacio/plans/pla-esborrany/versions/", {}).status_code == 403
    assert world["plan"].versions.count() == 2


def test_support_through_the_page(world):
    invited = client_for(world["who"]["invited"])
    p = world["proposal"].pk
    assert invited.post(f"/participacio/propostes/{p}/suport/").status_code == 302
    assert invited.post(f"/participacio/propostes/{p}/suport/").status_code == 302
    assert world["proposal"].supports.count() == 1


@pytest.mark.parametrize(
    "who,named", [("staff", True), ("board", True), ("invited", True), ("public", False)]
)
def test_contributor_names_are_not_public(users, who, named):
    from localret.strategy import services as strategy

    plan = make_plan("pla-public")
    consultation = make_consultation(plan, users["staff"], invited=(users["collaborator"],))
    services.comment_create(
        consultation=consultation, by=users["collaborator"], element="objective:OE1", text="Hi"
    )
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 9")
    client = client_for(users["collaborator"] if who == "invited" else users[who])
    page = client.get("/participacio/plans/pla-public/elements/objective:OE1/")
    assert page.status_code == 200 and b"Hi" in page.content
    assert (b"collab1" in page.content) == named
    body = client.get("/api/v1/plans/pla-public/versions").json()
    assert (body["items"][0]["created_by"] is not None) == named


def test_a_proposals_fields_are_named_by_their_labels(world):
    """Issue 14: the proposed fields read "Nom", "Descripció", never the keys name or
    description."""
    services.proposal_create(
        consultation=world["consultation"],
        by=world["who"]["staff"],
        kind="change",
        element="objective:OE1",
        fields={"description": "Una descripció nova"},
    )
    c = world["consultation"].pk
    html = client_for(world["who"]["staff"]).get(f"/participacio/consultes/{c}/").content.decode()
    assert "<dt>Nom</dt><dd>Digital office in every town hall</dd>" in html
    assert "<dt>Descripció</dt><dd>Una descripció nova</dd>" in html
    assert "<dt>name</dt>" not in html and "<dt>description</dt>" not in html
