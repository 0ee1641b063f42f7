"""When a request is overdue or within target, on factory-built requests (opened Monday
6 October 2025: first answer due the 8th, resolution the 20th)."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.helpdesk.models import Status

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_a_request_is_late_when_unanswered_after_the_first_answer_date():
    request = RequestFactory()
    assert not request.is_overdue(dt.date(2025, 10, 8))
    assert request.is_overdue(dt.date(2025, 10, 9))


def test_an_answered_request_is_late_only_after_the_resolution_date():
    request = RequestFactory(status=Status.IN_PROGRESS, first_answered_on=dt.date(2025, 10, 7))
    assert not request.is_overdue(dt.date(2025, 10, 20))
    assert request.is_overdue(dt.date(2025, 10, 21))


@pytest.mark.parametrize("status", [Status.WAITING, Status.RESOLVED, Status.CLOSED])
def test_a_request_waiting_for_the_municipality_or_done_is_never_late(status):
    assert not RequestFactory(status=status).is_overdue(dt.date(2025, 12, 31))


def test_within_target_says_whether_it_was_resolved_by_its_resolution_date():
    assert RequestFactory().within_target is None
    on_time = RequestFactory(status=Status.RESOLVED, resolved_on=dt.date(2025, 10, 20))
    late = RequestFactory(status=Status.RESOLVED, resolved_on=dt.date(2025, 10, 21))
    assert on_time.within_target is True
    assert late.within_target is False
