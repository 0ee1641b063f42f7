"""Who may do what with the strategic plan (built on accounts.roles).

- Read approved and closed plans: everyone, including the public.
- Read draft plans: Localret staff and Board members.
- Edit the plan (structure, indicators, measurements, imports): Localret staff only.
- Approve or close: nobody through the interface; the governance app calls
  ``services.plan_approve`` / ``plan_close`` when the Board records an agreement.
- "What changed since the last Board meeting": staff and Board members.
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles

PUBLIC_STATUSES = ("approved", "closed")


def can_read_plan(user: Any, plan: Any) -> bool:
    return plan.status in PUBLIC_STATUSES or roles.can_read_internal(user)


def can_read_drafts(user: Any) -> bool:
    return roles.can_read_internal(user)


def can_edit_plan(user: Any) -> bool:
    """Create and change plans, objectives, action lines, initiatives and indicators."""
    return roles.is_staff_member(user)


def can_record_measurements(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_import_measurements(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_see_changes(user: Any) -> bool:
    return roles.can_read_internal(user)


def can_follow_diagnosis_link(user: Any) -> bool:
    """The plan page links to the diagnosis behind it (an internal page) for staff and Board,
    and for anonymous visitors, whom it asks to log in; never for a logged-in user who would
    be refused (403)."""
    return roles.can_read_internal(user) or not getattr(user, "is_authenticated", False)
