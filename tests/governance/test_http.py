import datetime as dt

import pytest

from localret.governance import services

from ..conftest import api_client, client_for, speaking
from .factories import board_with_members, meeting_with_quorum

pytestmark = pytest.mark.django_db

INTERNAL = [
    ("admin", 200),
    ("staff", 200),
    ("board", 200),
    ("vic", 403),
    ("olot", 403),
    ("collaborator", 403),
]


@pytest.fixture
def agreement(staff_user):
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members, day=dt.date(2021, 1, 10))
    a = services.agreement_record(
        meeting=meeting, number="CA 9", title="Acord", text="t", votes_for=5, by=staff_user
    )
    services.follow_up_create(
        agreement=a, title="vençuda", due_date=dt.date(2021, 2, 1), by=staff_user
    )
    return a


@pytest.mark.parametrize("who,status", INTERNAL + [("public", 401)])
def test_agreements_api_matrix(users, agreement, who, status):
    response = api_client(users[who]).get("/api/v1/governance/agreements?overdue=true")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["count"] == 1 and body["items"][0]["number"] == "CA 9"
        assert body["items"][0]["overdue"] is True


def test_overdue_filter_excludes_done(staff_user, agreement):
    from localret.governance.models import FollowUp

    FollowUp.objects.update(status="done", done_date=dt.date(2021, 1, 20))
    body = api_client(staff_user).get("/api/v1/governance/agreements?overdue=true").json()
    assert body["count"] == 0
    assert (
        api_client(staff_user).get("/api/v1/governance/agreements?overdue=false").json()["count"]
        == 1
    )


@pytest.mark.parametrize("who,status", INTERNAL + [("public", 302)])
def test_pages_matrix(users, agreement, who, status):
    c = client_for(users[who])
    for url in [
        "/governanca/",
        "/governanca/pendents/",
        f"/governanca/reunions/{agreement.meeting_id}/",
        f"/governanca/acords/{agreement.pk}/",
    ]:
        assert c.get(url).status_code == status, url


def test_overdue_dashboard_lists_the_task(staff_user, agreement):
    page = client_for(staff_user).get("/governanca/pendents/").content.decode()
    assert "vençuda" in page and "CA 9" in page


@pytest.mark.parametrize(
    "who,status", [("staff", 302), ("admin", 302), ("board", 403), ("vic", 403), ("public", 302)]
)
def test_follow_up_status_update_matrix(users, agreement, who, status):
    fu = agreement.follow_ups.get()
    response = client_for(users[who]).post(
        f"/governanca/seguiments/{fu.pk}/estat/", {f"fu{fu.pk}-status": "done"}
    )
    assert response.status_code == status
    fu.refresh_from_db()
    assert (fu.status == "done") == (who in ("staff", "admin"))


@pytest.mark.parametrize(
    "who,status",
    [
        ("admin", 200),
        ("staff", 200),
        ("board", 200),
        ("vic", 403),
        ("olot", 403),
        ("collaborator", 403),
        ("public", 302),
    ],
)
def test_minutes_served_only_through_the_checked_view(
    users, agreement, who, status, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    services.minutes_upload(
        meeting=agreement.meeting, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), by=None
    )
    response = client_for(users[who]).get(f"/governanca/reunions/{agreement.meeting_id}/acta.pdf")
    assert response.status_code == status


@pytest.mark.parametrize(
    "who,status", [("staff", 302), ("board", 403), ("vic", 403), ("public", 302)]
)
def test_minutes_upload_matrix(users, agreement, who, status, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    response = client_for(users[who]).post(
        f"/governanca/reunions/{agreement.meeting_id}/acta/",
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")},
    )
    assert response.status_code == status
    agreement.meeting.refresh_from_db()
    assert bool(agreement.meeting.minutes) == (who == "staff")


def test_demo_is_deterministic_and_links_the_2020_approval(staff_user):
    from localret.governance import demo
    from localret.governance.models import Agreement, FollowUp

    from ..governance.factories import make_plan

    plan = make_plan(slug=demo.PLAN_2020)
    summary = demo.load(seed=1, today=dt.date(2024, 6, 30))
    assert "agreements" in summary
    approval = Agreement.objects.get(number="CA 2020/07")
    assert approval.meeting.date == dt.date(2020, 7, 21) and approval.plan == plan
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert FollowUp.objects.filter(
        status__in=["pending", "in_progress"], due_date__lt=dt.date(2024, 6, 30)
    ).exists()
    assert not Agreement.objects.exclude(is_demo=True).exists()


def test_demo_links_the_agreements_of_strategys_demo_without_approving_twice(staff_user):
    from localret.governance import demo
    from localret.governance.models import Agreement

    from ..governance.factories import make_plan

    plan = make_plan(slug=demo.PLAN_2020, status="closed")
    plan.approval_ref, plan.closure_ref = "CA 2020/07", "CA 2023/12 (demo)"
    plan.save()
    versions = plan.history.count()
    demo.load(seed=3, today=dt.date(2025, 1, 15))
    approval = Agreement.objects.get(number="CA 2020/07")
    closure = Agreement.objects.get(number="CA 2023/12 (demo)")
    assert approval.plan == plan and closure.plan == plan
    assert closure.meeting.date == dt.date(2023, 12, 20)
    plan.refresh_from_db()
    assert plan.status == "closed" and plan.history.count() == versions


@pytest.mark.parametrize(
    "who,status",
    [
        ("admin", 201),
        ("staff", 201),
        ("board", 403),
        ("vic", 403),
        ("olot", 403),
        ("collaborator", 403),
        ("public", 401),
    ],
)
def test_create_agreement_matrix(users, agreement, who, status):
    response = api_client(users[who]).post(
        "/api/v1/governance/agreements",
        {
            "meeting": agreement.meeting_id,
            "number": f"CA X {who}",
            "title": "t",
            "text": "t",
            "votes_for": 4,
            "votes_against": 1,
            "municipalities": ["082981"],
        },
        content_type="application/json",
    )
    assert response.status_code == status
    if status == 201:
        assert response.json()["result"] == "approved"


def test_create_plan_approval_through_api_approves_and_bad_input_is_422(staff_user, agreement):
    from .factories import make_plan

    plan = make_plan(slug="pla-api")
    c = api_client(staff_user)
    bad = c.post(
        "/api/v1/governance/agreements",
        {
            "meeting": 999999,
            "number": "CA 9",
            "title": "t",
            "text": "t",
            "votes_for": 1,
            "kind": "nope",
            "plan": "nope",
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"meeting", "kind", "plan", "number"}
    plan.refresh_from_db()
    assert plan.status == "draft"
    ok = c.post(
        "/api/v1/governance/agreements",
        {
            "meeting": agreement.meeting_id,
            "number": "CA AP",
            "title": "Aprovació",
            "text": "t",
            "votes_for": 5,
            "kind": "plan_approval",
            "plan": "pla-api",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201
    plan.refresh_from_db()
    assert plan.status == "approved"


@pytest.mark.parametrize(
    "who,status", [("staff", 201), ("board", 403), ("vic", 403), ("public", 401)]
)
def test_create_follow_up_matrix(users, agreement, who, status):
    response = api_client(users[who]).post(
        f"/api/v1/governance/agreements/{agreement.pk}/follow-ups",
        {"title": "nova", "due_date": "2030-01-01", "responsible": users["staff"].username},
        content_type="application/json",
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    "who,status", [("staff", 200), ("board", 403), ("vic", 403), ("public", 401)]
)
def test_patch_follow_up_matrix(users, agreement, who, status):
    fu = agreement.follow_ups.get()
    response = api_client(users[who]).patch(
        f"/api/v1/governance/follow-ups/{fu.pk}",
        {"status": "done"},
        content_type="application/json",
    )
    assert response.status_code == status
    fu.refresh_from_db()
    assert (fu.status == "done") == (status == 200)


def test_responsible_board_member_may_update_own_task(users, agreement):
    fu = agreement.follow_ups.get()
    fu.responsible = users["board"]
    fu.save()
    response = api_client(users["board"]).patch(
        f"/api/v1/governance/follow-ups/{fu.pk}",
        {"status": "in_progress"},
        content_type="application/json",
    )
    assert response.status_code == 200
    bad = api_client(users["board"]).patch(
        f"/api/v1/governance/follow-ups/{fu.pk}",
        {"status": "nope"},
        content_type="application/json",
    )
    assert bad.status_code == 422


@pytest.mark.parametrize(
    "who,status",
    [
        ("admin", 201),
        ("staff", 201),
        ("board", 403),
        ("vic", 403),
        ("collaborator", 403),
        ("public", 401),
    ],
)
def test_meeting_api_matrix_and_quorum_flow(users, who, status):
    body, members = board_with_members(5, code=f"api{who}")
    c = api_client(users[who])
    response = c.post(
        "/api/v1/governance/meetings",
        {"body": body.code, "date": "2024-05-02", "title": "Sessió", "agenda": ["A", "B"]},
        content_type="application/json",
    )
    assert response.status_code == status
    if status != 201:
        return
    meeting = response.json()
    assert meeting["agenda"] == ["A", "B"] and meeting["quorum"] is None
    few = c.put(
        f"/api/v1/governance/meetings/{meeting['id']}/attendance",
        {"present": [members[0].pk, members[1].pk]},
        content_type="application/json",
    ).json()
    assert few["quorum"]["met"] is False and few["quorum"]["required"] == 3
    enough = c.put(
        f"/api/v1/governance/meetings/{meeting['id']}/attendance",
        {"present": [m.pk for m in members[:3]]},
        content_type="application/json",
    ).json()
    assert enough["quorum"]["met"] is True
    assert (
        api_client(users["board"]).get(f"/api/v1/governance/meetings/{meeting['id']}").status_code
        == 200
    )
    assert (
        api_client(users["vic"]).get(f"/api/v1/governance/meetings/{meeting['id']}").status_code
        == 403
    )


def test_attendance_rejects_non_members(staff_user):
    body, members = board_with_members(5, code="x1")
    _, others = board_with_members(5, code="x2")
    c = api_client(staff_user)
    meeting = c.post(
        "/api/v1/governance/meetings",
        {"body": "x1", "date": "2024-05-02", "title": "S"},
        content_type="application/json",
    ).json()
    response = c.put(
        f"/api/v1/governance/meetings/{meeting['id']}/attendance",
        {"present": [others[0].pk]},
        content_type="application/json",
    )
    assert response.status_code == 422
    bad = c.post(
        "/api/v1/governance/meetings",
        {"body": "nope", "date": "2024-05-02", "title": "S", "call": 3},
        content_type="application/json",
    )
    assert {e["field"] for e in bad.json()["errors"]} == {"body", "call"}


@pytest.mark.parametrize(
    "who,status", [("staff", 302), ("admin", 302), ("board", 403), ("vic", 403), ("public", 302)]
)
def test_agreement_form_matrix(users, agreement, who, status):
    from localret.governance.models import Agreement

    response = client_for(users[who]).post(
        f"/governanca/reunions/{agreement.meeting_id}/acords/",
        {
            "number": "CA WEB",
            "title": "Web",
            "text": "t",
            "kind": "general",
            "votes_for": 5,
            "votes_against": 0,
            "abstentions": 0,
        },
    )
    assert response.status_code == status
    assert Agreement.objects.filter(number="CA WEB").exists() == (who in ("staff", "admin"))


def test_plan_approval_from_the_meeting_page(staff_user, agreement):
    from .factories import make_plan

    plan = make_plan(slug="pla-web")
    c = client_for(staff_user)
    c.post(
        f"/governanca/reunions/{agreement.meeting_id}/acords/",
        {
            "number": "CA PW",
            "title": "Aprovació",
            "text": "t",
            "kind": "plan_approval",
            "plan": "pla-web",
            "votes_for": 5,
            "votes_against": 0,
            "abstentions": 0,
        },
    )
    plan.refresh_from_db()
    assert plan.status == "approved"
    page = speaking(c, "en").get(f"/governanca/reunions/{agreement.meeting_id}/")
    assert "CA PW" in page.content.decode()


@pytest.mark.parametrize(
    "who,status", [("staff", 302), ("board", 403), ("vic", 403), ("public", 302)]
)
def test_follow_up_form_matrix(users, agreement, who, status):
    response = client_for(users[who]).post(
        f"/governanca/acords/{agreement.pk}/seguiments/",
        {"title": "Web task", "due_date": "2030-01-01"},
    )
    assert response.status_code == status
    assert agreement.follow_ups.filter(title="Web task").exists() == (who == "staff")


def test_negative_votes_are_refused_as_invalid_not_a_server_error(staff_user, agreement):
    response = api_client(staff_user).post(
        "/api/v1/governance/agreements",
        {
            "meeting": agreement.meeting_id,
            "number": "CA -1",
            "title": "t",
            "text": "t",
            "votes_for": -1,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["votes_for"]
