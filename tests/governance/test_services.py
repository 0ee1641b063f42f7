import datetime as dt

import pytest

from localret.core.errors import Invalid
from localret.governance import selectors, services
from localret.governance.models import Agreement, Body, FollowUp

from .factories import DAY, board_with_members, make_plan, meeting_with_quorum

pytestmark = pytest.mark.django_db


def test_attendance_gives_quorum_from_voting_members_only(staff_user):
    body, members = board_with_members(5)
    meeting = services.meeting_create(body=body, date=DAY, title="S", by=staff_user)
    assert selectors.meeting_quorum(meeting) is None
    # chair + 1 member + secretary: 2 of 5 voting members
    services.attendance_record(
        meeting=meeting, present=[members[0], members[1], members[5]], by=staff_user
    )
    quorum = selectors.meeting_quorum(meeting)
    assert (quorum.present, quorum.members, quorum.required, quorum.met) == (2, 5, 3, False)
    services.attendance_record(meeting=meeting, present=members[:3], by=staff_user)
    assert selectors.meeting_quorum(meeting).met


def test_no_agreement_without_quorum(staff_user):
    body, members = board_with_members(5)
    meeting = services.meeting_create(body=body, date=DAY, title="S", by=staff_user)
    services.attendance_record(meeting=meeting, present=members[:2], by=staff_user)
    with pytest.raises(Invalid):
        services.agreement_record(
            meeting=meeting, number="X1", title="t", text="t", votes_for=2, by=staff_user
        )
    assert not Agreement.objects.exists()


def test_vote_result_is_recorded_with_history(staff_user):
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members)
    a = services.agreement_record(
        meeting=meeting,
        number="CA 1",
        title="t",
        text="t",
        votes_for=2,
        votes_against=2,
        by=staff_user,
    )
    assert a.result == Agreement.Result.REJECTED
    services.agreement_publish(agreement=a, is_public=True, by=staff_user)
    history = list(a.history.order_by("history_date"))
    assert [h.is_public for h in history] == [False, True]
    assert history[-1].history_user == staff_user


def test_plan_approval_agreement_approves_the_plan_through_strategy(staff_user):
    plan = make_plan()
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members)
    services.agreement_record(
        meeting=meeting,
        number="CA 2020/07",
        title="Aprovació",
        text="t",
        votes_for=5,
        kind=Agreement.Kind.PLAN_APPROVAL,
        plan=plan,
        by=staff_user,
    )
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert getattr(plan, "approval_ref", "CA 2020/07") == "CA 2020/07"
    services.agreement_record(
        meeting=meeting,
        number="CA 2023/12",
        title="Tancament",
        text="t",
        votes_for=5,
        kind=Agreement.Kind.PLAN_CLOSURE,
        plan=plan,
        by=staff_user,
    )
    plan.refresh_from_db()
    assert plan.status == "closed"


def test_rejected_or_non_board_agreements_do_not_approve(staff_user):
    plan = make_plan()
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members)
    services.agreement_record(
        meeting=meeting,
        number="CA R",
        title="t",
        text="t",
        votes_for=1,
        votes_against=4,
        kind=Agreement.Kind.PLAN_APPROVAL,
        plan=plan,
        by=staff_user,
    )
    plan.refresh_from_db()
    assert plan.status == "draft"
    assembly, am = board_with_members(5, code="ag")
    Body.objects.filter(pk=assembly.pk).update(kind=Body.Kind.ASSEMBLY)
    assembly.refresh_from_db()
    other = meeting_with_quorum(assembly, am)
    with pytest.raises(Invalid):
        services.agreement_record(
            meeting=other,
            number="AG 1",
            title="t",
            text="t",
            votes_for=5,
            kind=Agreement.Kind.PLAN_APPROVAL,
            plan=plan,
            by=staff_user,
        )
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_no_other_path_approves_a_plan(staff_user, users):
    """The plan stays draft through every governance and reporting endpoint a client can call
    without a plan-approval agreement, and the API has no write to a plan's status here."""
    from ..conftest import api_client, client_for

    plan = make_plan()
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members)
    services.agreement_record(
        meeting=meeting, number="CA G", title="t", text="t", votes_for=5, plan=plan, by=staff_user
    )  # a general agreement about the plan
    for who in ("staff", "admin", "board"):
        api_client(users[who]).patch(
            f"/api/v1/plans/{plan.slug}", {"status": "approved"}, content_type="application/json"
        )
        client_for(users[who]).post(f"/reports/plans/{plan.slug}.pdf", {"status": "approved"})
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_plan_already_approved_by_that_agreement_is_linked_not_approved_twice(staff_user):
    plan = make_plan(status="approved")
    if hasattr(plan, "approval_ref"):
        plan.approval_ref = "CA 2020/07"
        plan.save()
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members)
    a = services.agreement_record(
        meeting=meeting,
        number="CA 2020/07",
        title="t",
        text="t",
        votes_for=5,
        kind=Agreement.Kind.PLAN_APPROVAL,
        plan=plan,
        by=staff_user,
    )
    assert a.plan == plan
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert plan.history.count() <= 2  # no new approval version


def test_follow_up_overdue_and_done(staff_user):
    body, members = board_with_members(5)
    a = services.agreement_record(
        meeting=meeting_with_quorum(body, members),
        number="CA F",
        title="t",
        text="t",
        votes_for=5,
        by=staff_user,
    )
    late = services.follow_up_create(
        agreement=a, title="late", due_date=dt.date(2024, 4, 1), by=staff_user
    )
    services.follow_up_create(
        agreement=a, title="later", due_date=dt.date(2024, 9, 1), by=staff_user
    )
    today = dt.date(2024, 5, 1)
    assert [f.title for f in selectors.overdue_follow_ups(today)] == ["late"]
    assert list(selectors.agreements(overdue=True, today=today)) == [a]
    services.follow_up_set_status(
        follow_up=late, status=FollowUp.Status.DONE, by=staff_user, today=today
    )
    assert late.done_date == today
    assert not selectors.overdue_follow_ups(today).exists()
    assert list(selectors.agreements(overdue=True, today=today)) == []
    assert late.history.count() == 2
    # as of a date before it was done, the task was still pending
    pending = selectors.pending_follow_ups(dt.date(2024, 4, 20))
    assert [(p["task"], p["overdue"]) for p in pending] == [("late", True), ("later", False)]


def test_minutes_must_be_a_pdf(staff_user, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members)
    with pytest.raises(Invalid):
        services.minutes_upload(
            meeting=meeting, file=SimpleUploadedFile("a.pdf", b"hello"), by=staff_user
        )
    services.minutes_upload(
        meeting=meeting, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"), by=staff_user
    )
    assert meeting.minutes.name.endswith(".pdf")
    # An unguessable private name (like evidence files), never the meeting's id or date.
    assert meeting.minutes.name.startswith("private/governance/minutes/")
    assert str(meeting.pk) not in meeting.minutes.name.rsplit("/", 1)[-1][:-4] or len(
        meeting.minutes.name.rsplit("/", 1)[-1]
    ) == len("0" * 32 + ".pdf")
    assert f"{meeting.date:%Y%m%d}" not in meeting.minutes.name
