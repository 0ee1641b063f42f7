"""Governance model rules on factory data: follow-ups overdue, who votes, terms in order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from localret.governance.models import FollowUp, Member

from .factories import AttendanceFactory, FollowUpFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        (FollowUp.Status.PENDING, dt.date(2024, 4, 16), True),
        (FollowUp.Status.IN_PROGRESS, dt.date(2024, 4, 16), True),
        (FollowUp.Status.PENDING, dt.date(2024, 4, 15), False),  # due today: not yet
        (FollowUp.Status.DONE, dt.date(2024, 5, 1), False),
        (FollowUp.Status.CANCELLED, dt.date(2024, 5, 1), False),
    ],
)
def test_a_follow_up_is_overdue_only_while_open_and_after_its_due_date(status, today, overdue):
    follow_up = FollowUpFactory(status=status)  # due 15 April 2024
    assert follow_up.is_overdue(today) is overdue


def test_the_secretary_attends_without_a_vote():
    secretary = AttendanceFactory(member__role=Member.Role.SECRETARY).member
    chair = MemberFactory(role=Member.Role.CHAIR, body=secretary.body)
    assert not secretary.votes
    assert chair.votes


def test_a_term_cannot_end_before_it_starts():
    member = MemberFactory.build(
        body=MemberFactory().body,
        entity=MemberFactory().entity,
        term_start=dt.date(2023, 7, 1),
        term_end=dt.date(2023, 6, 30),
    )
    with pytest.raises(ValidationError):
        member.full_clean()
