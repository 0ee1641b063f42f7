"""Who may read and edit the diagnosis (built on accounts.roles).

- Staff (and administrators) edit findings and stakeholders.
- Board members read everything.
- Everyone else (municipal users, collaborators, the public) gets 403 on diagnosis pages and
  endpoints: the stakeholder map names organisations and their assessed influence. The titles
  of the findings behind a plan element are shown on the element's trace page to whoever may
  see that plan's versions.
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles


def can_view_diagnosis(user: Any) -> bool:
    return roles.can_read_internal(user)


def can_edit_diagnosis(user: Any) -> bool:
    return roles.is_staff_member(user)
