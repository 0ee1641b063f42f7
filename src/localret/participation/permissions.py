"""Who may do what in participatory drafting (built on accounts.roles).

- Staff (and administrators) manage consultations, invite collaborators, decide proposals,
  record versions and lessons.
- Board members read every consultation, version, diff and evaluation; they do not contribute.
- Collaborators read and contribute only in the consultations they are invited to, and read the
  versions of the plans of those consultations; everywhere else they are treated like the
  public (403 on every staff page and on other consultations).
- The public reads the versions, diffs and evaluation of approved and closed plans only.
- Municipal users have no particular rights here: they see what the public sees.
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles


def is_invited(user: Any, consultation: Any) -> bool:
    if not roles.is_collaborator(user):
        return False
    return consultation.invitations.filter(user=user).exists()


def invited_plan_ids(user: Any) -> set[int]:
    if not roles.is_collaborator(user):
        return set()
    from .models import Invitation

    return set(Invitation.objects.filter(user=user).values_list("consultation__plan_id", flat=True))


def can_manage(user: Any) -> bool:
    """Create consultations, invite, decide proposals, record versions and lessons."""
    return roles.is_staff_member(user)


def can_list_consultations(user: Any) -> bool:
    return roles.can_read_internal(user) or roles.is_collaborator(user)


def can_view_consultation(user: Any, consultation: Any) -> bool:
    return roles.can_read_internal(user) or is_invited(user, consultation)


def can_contribute(user: Any, consultation: Any) -> bool:
    """Comment, propose and support: staff and invited collaborators, while it is open."""
    if consultation.status != "open":
        return False
    return roles.is_staff_member(user) or is_invited(user, consultation)


def can_view_versions(user: Any, plan: Any) -> bool:
    if roles.can_read_internal(user):
        return True
    if plan.status in ("approved", "closed"):
        return True
    return plan.pk in invited_plan_ids(user)


def can_view_evaluation(user: Any, plan: Any) -> bool:
    """Staff and Board always; the public once the plan is closed."""
    return roles.can_read_internal(user) or plan.status == "closed"


def can_see_authors(user: Any, plan: Any) -> bool:
    """Names of contributors and of who recorded versions: staff, Board and the collaborators
    invited on the plan; the public sees contributions without names."""
    return roles.can_read_internal(user) or plan.pk in invited_plan_ids(user)


def may_contribute(user: Any) -> bool:
    """Before the body is read: staff or a collaborator (who then contributes only to the
    consultations they are invited to, :func:`can_contribute`)."""
    return roles.is_staff_member(user) or roles.is_collaborator(user)
