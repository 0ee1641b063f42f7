"""Pure rules of the consortium's governing bodies (no Django import; impossible input is
refused with :class:`~localret.core.errors.Invalid`, answered 422 like any service's).

Quorum (documented in docs/governance.md and in the README section of Objective 4), following
the usual rule of Catalan local consortia's statutes (and art. 17 of Llei 40/2015 for collegiate
bodies):

- First call: the meeting is validly constituted when at least an absolute majority of its
  members with the right to vote are present: ``present > members / 2``.
- Second call: one third of the members, and never fewer than three: ``present >= ceil(members
  / 3)`` and ``present >= 3`` (or all members when the body has fewer than three).
- In both calls the chair and the secretary (or their substitutes) must attend; this is checked
  by the caller, which knows the roles, through ``chair_present``.

Vote result: an agreement passes by simple majority of those present (more votes in favour
than against); abstentions count neither way. A tie is a rejection here (the chair's casting
vote, when used, is recorded as one more vote in favour).

Follow-up tasks: a task is overdue when it is still open (``pending`` or ``in_progress``) and
its due date is before the reference day.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from localret.core.errors import Invalid

FIRST_CALL = 1
SECOND_CALL = 2
OPEN_STATUSES = frozenset({"pending", "in_progress"})


@dataclass(frozen=True)
class QuorumResult:
    met: bool
    present: int
    members: int
    required: int
    reason: str


def quorum_required(members: int, call: int = FIRST_CALL) -> int:
    """How many members must attend for the meeting to be valid."""
    if members <= 0:
        return 0
    if call == FIRST_CALL:
        return members // 2 + 1
    if call == SECOND_CALL:
        return min(members, max(3, math.ceil(members / 3)))
    raise Invalid(f"unknown call {call!r}", field="call")


def quorum_check(
    present: int, members: int, call: int = FIRST_CALL, chair_present: bool = True
) -> QuorumResult:
    """Whether a meeting has quorum; ``reason`` says why not (English, a code-like phrase)."""
    if present < 0 or members < 0 or present > members:
        raise Invalid("present must be between 0 and the number of members", field="present")
    required = quorum_required(members, call)
    if members == 0:
        return QuorumResult(False, present, members, required, "no members")
    if not chair_present:
        return QuorumResult(False, present, members, required, "chair or secretary absent")
    if present < required:
        return QuorumResult(False, present, members, required, "too few members present")
    return QuorumResult(True, present, members, required, "")


def vote_passes(votes_for: int, votes_against: int, abstentions: int = 0) -> bool:
    """Simple majority: more votes in favour than against."""
    if min(votes_for, votes_against, abstentions) < 0:
        raise Invalid("votes cannot be negative", field="votes_for")
    return votes_for > votes_against


def is_overdue(due_date: dt.date | None, status: str, today: dt.date) -> bool:
    """An open follow-up whose due date has passed."""
    return due_date is not None and status in OPEN_STATUSES and due_date < today


def days_overdue(due_date: dt.date | None, status: str, today: dt.date) -> int:
    return (today - due_date).days if due_date and is_overdue(due_date, status, today) else 0
