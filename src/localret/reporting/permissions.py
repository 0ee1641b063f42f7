"""Who may use reporting (built on accounts.roles).

- Board reports (PDF/XLSX, report jobs): Localret staff and Board members only.
- Transparency portal and open data: everyone, no login; they only ever show approved plans,
  public agreements, aggregates, and a municipality's maturity level with its consent.
- Publication consent: staff, or the municipality's own users.
"""

from __future__ import annotations

from typing import Any

from localret.accounts import roles


def can_get_board_report(user: Any) -> bool:
    return roles.can_read_internal(user)


def can_set_publication_consent(user: Any, municipality_code: str) -> bool:
    return roles.can_edit_municipality(user, municipality_code)
