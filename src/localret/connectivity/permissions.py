"""Who may do what in connectivity. Built only on accounts.roles predicates.

- Coverage aggregates (per area, municipality, region), classifications, gap maps and
  deployments: public (no personal data).
- Importing coverage, editing deployments, importing candidate sets, overriding costs and
  running scenarios: Localret staff (and administrators).
- Reading candidate sets and saved scenarios (and exporting them): staff and the Board.
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles


def can_import_coverage(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_plan(user: Any) -> bool:
    """Import candidate sets, override costs, run and save scenarios."""
    return roles.is_staff_member(user)


def can_read_plans(user: Any) -> bool:
    """Candidate sets and scenarios (internal planning figures)."""
    return roles.can_read_internal(user)
