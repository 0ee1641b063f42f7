"""Service-level dates against the Catalan calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localret.helpdesk import calendar, services
from localret.helpdesk.models import ServiceLevel, Status

from .factories import at, make_request

D = dt.date


def test_weekends_and_catalan_holidays_are_not_working_days():
    assert not calendar.is_working_day(D(2026, 4, 3))  # Good Friday
    assert not calendar.is_working_day(D(2026, 4, 6))  # Easter Monday (Catalonia only)
    assert not calendar.is_working_day(D(2026, 6, 24))  # Sant Joan
    assert not calendar.is_working_day(D(2026, 9, 11))  # Diada
    assert not calendar.is_working_day(D(2026, 12, 26))  # Sant Esteve
    assert not calendar.is_working_day(D(2026, 4, 4))  # Saturday
    assert calendar.is_working_day(D(2026, 4, 7))
    assert calendar.is_working_day(D(2026, 3, 19))  # Sant Josep: not a holiday in Catalonia


def test_a_request_opened_on_the_eve_of_easter_is_due_after_the_holiday_weekend():
    # Thursday 2 April 2026: Good Friday, the weekend and Easter Monday follow.
    assert calendar.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)
    assert calendar.add_working_days(D(2026, 4, 2), 3) == D(2026, 4, 9)
    assert calendar.working_days_between(D(2026, 4, 2), D(2026, 4, 7)) == 1


def test_a_target_from_a_friday_skips_the_weekend():
    assert calendar.add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)
    assert calendar.add_working_days(D(2026, 11, 27), 0) == D(2026, 11, 27)


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)), st.integers(0, 60))
def test_adding_working_days_is_counted_back_by_working_days_between(start, days):
    end = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, end) == days
    assert days == 0 or calendar.is_working_day(end)


@pytest.mark.django_db
def test_request_due_dates_follow_the_table_and_the_calendar(vic_user):
    level = ServiceLevel.objects.get(kind="incident", priority="normal")
    assert (level.first_answer_days, level.resolution_days) == (2, 10)
    request = make_request(by=vic_user, kind="incident", opened=D(2026, 4, 2))
    # Eve of Easter: 2 working days -> Wednesday 8 April; 10 -> Monday 20 April.
    assert request.first_answer_due == D(2026, 4, 8)
    assert request.resolution_due == D(2026, 4, 20)


@pytest.mark.django_db
def test_waiting_for_the_municipality_pauses_the_due_dates(vic_user, staff_user):
    request = make_request(by=vic_user, kind="incident", opened=D(2026, 11, 2))
    assert request.resolution_due == D(2026, 11, 16)
    services.message_post(
        request=request,
        body="Ens envieu el registre d'errors?",
        by=staff_user,
        now=at(D(2026, 11, 3)),
    )
    services.request_update(
        request=request, status=Status.WAITING, by=staff_user, today=D(2026, 11, 4)
    )
    request.refresh_from_db()
    assert not request.is_overdue(D(2026, 12, 1))  # paused: never overdue while waiting
    services.request_update(
        request=request, status=Status.IN_PROGRESS, by=staff_user, today=D(2026, 11, 11)
    )
    request.refresh_from_db()
    # 5 working days waited (5, 6, 9, 10, 11 November): due dates move by 5 working days.
    assert request.paused_days == 5
    assert request.resolution_due == D(2026, 11, 23)
    assert request.is_overdue(D(2026, 11, 24))
    assert not request.is_overdue(D(2026, 11, 23))


@pytest.mark.django_db
def test_a_changed_target_applies_when_a_request_is_retargeted(vic_user, staff_user):
    level = ServiceLevel.objects.get(kind="advice", priority="urgent")
    services.service_level_update(
        level=level, first_answer_days=1, resolution_days=2, by=staff_user
    )
    request = make_request(by=vic_user, kind="advice", opened=D(2026, 11, 2))
    services.request_update(request=request, priority="urgent", by=staff_user)
    request.refresh_from_db()
    assert request.resolution_due == D(2026, 11, 4)
    assert level.history.first().history_user == staff_user
