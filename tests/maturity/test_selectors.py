"""Maturity reads and permissions on factory data: adhesions in force on a date, projects
with overdue milestones, the review queue, a campaign's progress, and who may edit an
assessment or see a project."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from localret.accounts.roles import Role
from localret.maturity import permissions, selectors
from localret.maturity.models import Assessment, Project

from ..accounts.factories import UserFactory
from ..conftest import OLOT, VIC
from ..territory.factories import registered
from .factories import (
    AdhesionFactory,
    AssessmentFactory,
    CampaignFactory,
    ProjectFactory,
    ProjectMilestoneFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def test_adhesions_count_only_while_in_force_on_the_date_asked():
    cloud = ServiceFactory(code="NUVOL")
    AdhesionFactory(service=cloud, since=dt.date(2022, 1, 1))  # Vic, still in force
    AdhesionFactory(
        service=cloud,
        municipality=registered(OLOT),
        since=dt.date(2021, 1, 1),
        until=dt.date(2023, 1, 1),
    )
    assert selectors.adhesion_counts() == {"NUVOL": 1}
    assert selectors.adhesion_counts(dt.date(2022, 6, 1)) == {"NUVOL": 2}
    assert selectors.adhesion_counts(dt.date(2021, 6, 1)) == {"NUVOL": 1}
    assert selectors.adhesion_counts(dt.date(2020, 6, 1)) == {}
    on_2022 = selectors.adhesions_by_municipality(dt.date(2022, 6, 1), service="NUVOL")
    assert sorted(on_2022) == [VIC, OLOT]
    assert on_2022[OLOT][0]["until"] == dt.date(2023, 1, 1)
    assert [a.service.code for a in selectors.services_of(OLOT)] == []
    assert [a.service.code for a in selectors.services_of(VIC)] == ["NUVOL"]


def test_project_board_flags_milestones_past_due_and_not_done():
    project = ProjectFactory()
    late = ProjectMilestoneFactory(project=project, due_date=dt.date(2025, 10, 1))
    ProjectMilestoneFactory(
        project=project, due_date=dt.date(2025, 9, 1), done_on=dt.date(2025, 9, 3)
    )
    ProjectMilestoneFactory(project=project, due_date=dt.date(2026, 1, 15))
    ProjectFactory(status=Project.Status.COMPLETED)

    board = selectors.projects_board(today=dt.date(2025, 11, 1))
    assert len(board) == 2
    mine = next(p for p in board if p.pk == project.pk)
    assert mine.overdue == [late]
    assert [p.pk for p in selectors.projects_board(dt.date(2025, 11, 1), "active")] == [project.pk]


def test_projects_by_municipality_follow_start_date_and_status():
    early = ProjectFactory(start_date=dt.date(2024, 2, 1), municipalities=[registered(VIC)])
    shared = ProjectFactory(
        start_date=dt.date(2025, 9, 1),
        status=Project.Status.PLANNED,
        municipalities=[registered(VIC), registered(OLOT)],
    )
    everything = selectors.projects_by_municipality()
    assert [p["id"] for p in everything[VIC]] == [early.pk, shared.pk]
    assert [p["id"] for p in everything[OLOT]] == [shared.pk]
    assert selectors.projects_by_municipality(as_of=dt.date(2025, 1, 1)) == {
        VIC: [everything[VIC][0]]
    }
    assert list(selectors.projects_by_municipality(status="planned")) == [VIC, OLOT]
    assert [p.pk for p in selectors.projects_of(VIC)] == [shared.pk, early.pk]


def test_review_queue_holds_submitted_assessments_oldest_first_and_progress_counts_all():
    campaign = CampaignFactory()
    moment = timezone.make_aware(dt.datetime(2025, 5, 5, 10))
    later = AssessmentFactory(
        campaign=campaign, status=Assessment.Status.SUBMITTED, submitted_at=moment
    )
    sooner = AssessmentFactory(
        campaign=campaign,
        municipality=registered(OLOT),
        status=Assessment.Status.SUBMITTED,
        submitted_at=moment - dt.timedelta(days=3),
    )
    AssessmentFactory(campaign=campaign, municipality=registered("080155"))
    AssessmentFactory(municipality=registered("081213"), validated=True)  # another campaign

    assert selectors.review_queue() == [sooner, later]
    assert selectors.campaign_progress(campaign) == {
        "draft": 1,
        "submitted": 2,
        "returned": 0,
        "validated": 0,
    }


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (Assessment.Status.DRAFT, True),
        (Assessment.Status.RETURNED, True),
        (Assessment.Status.SUBMITTED, False),
        (Assessment.Status.VALIDATED, False),
    ],
)
def test_own_users_and_staff_edit_an_assessment_only_while_draft_or_returned(status, editable):
    assessment = AssessmentFactory(status=status)  # Vic
    vic_user = UserFactory(role=Role.MUNICIPAL, municipalities=[VIC])
    olot_user = UserFactory(role=Role.MUNICIPAL, municipalities=[OLOT])
    staff = UserFactory(role=Role.STAFF)
    board = UserFactory(role=Role.BOARD)
    assert permissions.can_edit_assessment(vic_user, assessment) is editable
    assert permissions.can_edit_assessment(staff, assessment) is editable
    assert not permissions.can_edit_assessment(olot_user, assessment)
    assert not permissions.can_edit_assessment(board, assessment)
    assert permissions.can_view_assessment(board, assessment)
    assert permissions.can_view_assessment(vic_user, assessment)
    assert not permissions.can_view_assessment(olot_user, assessment)


def test_a_project_is_seen_by_the_users_of_any_of_its_municipalities_and_by_staff_and_board():
    codes = {VIC, "080155"}
    assert permissions.can_view_project(
        UserFactory(role=Role.MUNICIPAL, municipalities=[VIC]), codes
    )
    assert not permissions.can_view_project(
        UserFactory(role=Role.MUNICIPAL, municipalities=[OLOT]), codes
    )
    assert permissions.can_view_project(UserFactory(role=Role.BOARD), codes)
    assert not permissions.can_view_project(UserFactory(role=Role.COLLABORATOR), codes)
    assert not permissions.can_view_project(AnonymousUser(), codes)
    assert permissions.can_manage_projects(UserFactory(role=Role.STAFF))
    assert not permissions.can_manage_projects(UserFactory(role=Role.BOARD))
