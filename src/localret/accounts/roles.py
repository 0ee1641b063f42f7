"""The one role model of the platform and its predicates.

Every permission in every app is built from these functions, so that who may do what is decided
in one place. Roles:

- ``admin``: Localret administrator (everything, Django admin, audit restore).
- ``staff``: Localret staff / technician (reads and edits all domain data).
- ``board``: Board member (reads everything that is not personal data, approves).
- ``municipal``: municipal user, member of one or more municipalities (reads and edits only what
  belongs to them).
- ``collaborator``: outside collaborator invited to plan consultations (scoped to those).
- anonymous: the public (public pages and open data only).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Localret administrator")
    STAFF = "staff", _("Localret staff")
    BOARD = "board", _("Board member")
    MUNICIPAL = "municipal", _("Municipal user")
    COLLABORATOR = "collaborator", _("Collaborator")


def _role(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return getattr(user, "role", None)


def is_authenticated(user: Any) -> bool:
    return _role(user) is not None


def is_admin(user: Any) -> bool:
    return _role(user) == Role.ADMIN


def is_staff_member(user: Any) -> bool:
    """Localret staff or administrator: may edit all domain data."""
    return _role(user) in (Role.ADMIN, Role.STAFF)


def is_board(user: Any) -> bool:
    return _role(user) == Role.BOARD


def is_municipal(user: Any) -> bool:
    return _role(user) == Role.MUNICIPAL


def is_collaborator(user: Any) -> bool:
    return _role(user) == Role.COLLABORATOR


def can_read_internal(user: Any) -> bool:
    """Staff and Board: every non-personal internal figure (named rankings, reports...)."""
    return is_staff_member(user) or is_board(user)


def municipality_codes(user: Any) -> frozenset[str]:
    """INE 6-digit codes of the municipalities the user is a member of (cached per user)."""
    if not is_municipal(user):
        return frozenset()
    cached = getattr(user, "_localret_municipality_codes", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("municipality__code", flat=True))
        user._localret_municipality_codes = cached
    return cached


def belongs_to(user: Any, municipality_code: str) -> bool:
    return municipality_code in municipality_codes(user)


def can_view_municipality_private(user: Any, municipality_code: str) -> bool:
    """Personal and internal data of one municipality: staff and that municipality's users."""
    return is_staff_member(user) or belongs_to(user, municipality_code)


def can_edit_municipality(user: Any, municipality_code: str) -> bool:
    """Edit what belongs to one municipality: staff and that municipality's users."""
    return is_staff_member(user) or belongs_to(user, municipality_code)
