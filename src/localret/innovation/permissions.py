"""Who may do what in the innovation portfolio (built on accounts.roles only).

- Pilots marked public (the default), their success criteria, decided evaluations and the
  replication ranking are public information: anyone may read them, without logging in.
- Non-public pilots and open (undecided) evaluations: Localret staff and Board members.
- Ideas: staff and Board read all; a municipal user reads the ideas of their municipalities.
- Offers (which municipality was offered what and answered how): staff and Board; a municipal
  user sees the offers made to their own municipalities.
- Writes (pilots, stages, criteria, evaluations, decisions, offers, idea review): Localret staff
  (and administrators) only. The single exception: a municipal user may *propose* an idea on
  behalf of their own municipality (issue 8: "ideas from staff or municipalities").
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles


def can_manage(user: Any) -> bool:
    """Create and change pilots, criteria, evaluations, offers; review ideas."""
    return roles.is_staff_member(user)


def can_view_internal(user: Any) -> bool:
    """Non-public pilots, open evaluations, every idea and offer."""
    return roles.can_read_internal(user)


def can_view_pilot(user: Any, pilot: Any) -> bool:
    return bool(pilot.is_public) or can_view_internal(user)


def can_view_evaluation(user: Any, evaluation: Any) -> bool:
    if not can_view_pilot(user, evaluation.pilot):
        return False
    return evaluation.is_decided or can_view_internal(user)


def can_list_ideas(user: Any) -> bool:
    return can_view_internal(user) or roles.is_municipal(user)


def can_propose_idea(user: Any, municipality_code: str | None) -> bool:
    """Staff propose for anyone; a municipal user only for one of their municipalities."""
    if roles.is_staff_member(user):
        return True
    return (
        roles.is_municipal(user)
        and municipality_code is not None
        and roles.belongs_to(user, municipality_code)
    )


def can_view_offers(user: Any) -> bool:
    return can_view_internal(user) or roles.is_municipal(user)


def may_propose_ideas(user: Any) -> bool:
    """Before the body is read: staff, or a municipal user (who then proposes only for one of
    their municipalities, :func:`can_propose_idea`)."""
    return roles.is_staff_member(user) or roles.is_municipal(user)
