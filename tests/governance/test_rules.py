import datetime as dt

import pytest

from localret.core.errors import Invalid
from localret.governance import rules


@pytest.mark.parametrize(
    "members,call,required",
    [(9, 1, 5), (10, 1, 6), (1, 1, 1), (9, 2, 3), (12, 2, 4), (2, 2, 2), (30, 2, 10)],
)
def test_quorum_required(members, call, required):
    assert rules.quorum_required(members, call) == required


def test_quorum_first_call_needs_absolute_majority():
    assert not rules.quorum_check(4, 9).met
    assert rules.quorum_check(5, 9).met
    assert rules.quorum_check(4, 9).reason == "too few members present"


def test_quorum_second_call_is_a_third_but_at_least_three():
    assert rules.quorum_check(3, 9, rules.SECOND_CALL).met
    assert not rules.quorum_check(2, 9, rules.SECOND_CALL).met


def test_quorum_fails_without_the_chair():
    result = rules.quorum_check(9, 9, chair_present=False)
    assert not result.met and "chair" in result.reason


def test_quorum_rejects_impossible_counts():
    with pytest.raises(Invalid):
        rules.quorum_check(10, 9)


def test_vote_is_simple_majority_and_tie_rejects():
    assert rules.vote_passes(5, 4, 3)
    assert not rules.vote_passes(4, 4, 0)
    assert not rules.vote_passes(2, 3, 10)


def test_overdue_only_when_open_and_past_due():
    today = dt.date(2025, 1, 10)
    assert rules.is_overdue(dt.date(2025, 1, 9), "pending", today)
    assert rules.is_overdue(dt.date(2025, 1, 9), "in_progress", today)
    assert not rules.is_overdue(dt.date(2025, 1, 10), "pending", today)
    assert not rules.is_overdue(dt.date(2025, 1, 1), "done", today)
    assert not rules.is_overdue(dt.date(2025, 1, 1), "cancelled", today)
    assert rules.days_overdue(dt.date(2025, 1, 1), "pending", today) == 9
