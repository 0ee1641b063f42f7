"""Who may do what with governing bodies, meetings and agreements (built on accounts.roles).

- Staff (and administrators) record bodies, members, meetings, agreements and follow-ups.
- Board members read everything here (members' names included: they sit with them).
- Municipal users and collaborators: nothing internal (403).
- The public: only the agreements marked public, through the transparency portal.
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles


def can_view_governance(user: Any) -> bool:
    return roles.can_read_internal(user)


def can_edit_governance(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_view_minutes(user: Any) -> bool:
    """Minutes may name people: staff and Board only, through a checked view."""
    return roles.can_read_internal(user)


def can_update_follow_up(user: Any, follow_up: Any) -> bool:
    """Staff, or the user responsible for the task."""
    return roles.is_staff_member(user) or (
        roles.is_authenticated(user) and follow_up.responsible_id == user.pk
    )


def may_update_follow_up(user: Any, follow_up_id: Any) -> bool:
    """Before the body is read: staff, or the user responsible for this task."""
    if roles.is_staff_member(user):
        return True
    from .models import FollowUp

    return FollowUp.objects.filter(pk=follow_up_id, responsible_id=user.pk).exists()
