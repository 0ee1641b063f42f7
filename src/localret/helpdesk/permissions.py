"""Who may do what with requests (built on accounts.roles only).

- Open a request: staff (for any municipality, on a town hall's behalf) and a municipal user for
  one of their own municipalities.
- Read a request and write in its thread: staff and the users of its municipality. Internal
  notes (messages and attachments) are written and read by staff only.
- Triage and move a request through its states (``PATCH``): staff only. A municipal user may
  answer the satisfaction question of their own resolved request and reopen it.
- Board members see aggregates only (the public figures and the plan's indicators).
- Service-level targets: staff edit them.
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles


def can_use_helpdesk(user: Any, **_: Any) -> bool:
    """The request list and the form: staff and municipal users."""
    return roles.is_staff_member(user) or (
        roles.is_municipal(user) and bool(roles.municipality_codes(user))
    )


def can_open_for(user: Any, municipality_code: str) -> bool:
    return roles.is_staff_member(user) or roles.belongs_to(user, municipality_code)


def can_view_request(user: Any, request: Any) -> bool:
    return roles.is_staff_member(user) or roles.belongs_to(user, request.municipality.code)


def can_manage(user: Any, **_: Any) -> bool:
    """Triage, change the state, write internal notes, edit the service levels."""
    return roles.is_staff_member(user)


def can_see_internal(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_answer_survey(user: Any, request: Any) -> bool:
    return roles.belongs_to(user, request.municipality.code)


def can_use_notifications(user: Any, **_: Any) -> bool:
    return roles.is_authenticated(user)
