"""Who may do what in the maturity app (built on accounts.roles only).

- Public: the model, the services catalogue, aggregates per band and comarca (groups of at
  least ``MIN_GROUP`` municipalities), the map of medians.
- Municipal users: their own municipalities' assessments (fill, save, submit while draft or
  returned), answers, evidence, results, roadmaps and projects; other municipalities only as
  anonymous peers.
- Board: reads every assessment and the named rankings (not personal data); writes nothing.
- Staff: everything, including validating or returning assessments, imports, roadmaps,
  projects and adhesions.
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles


def can_view_results(user: Any, municipality_code: str) -> bool:
    """A municipality's own results, answers and evidence: staff, Board, its own users."""
    return roles.can_read_internal(user) or roles.belongs_to(user, municipality_code)


def can_view_assessment(user: Any, assessment: Any) -> bool:
    return can_view_results(user, assessment.municipality.code)


def can_edit_assessment(user: Any, assessment: Any) -> bool:
    """Fill and submit: the municipality's users and staff, while draft or returned."""
    return assessment.is_editable and roles.can_edit_municipality(
        user, assessment.municipality.code
    )


def can_start_assessment(user: Any, municipality_code: str) -> bool:
    return roles.can_edit_municipality(user, municipality_code)


def can_review(user: Any) -> bool:
    """Validate or return submitted assessments: Localret staff."""
    return roles.is_staff_member(user)


def can_view_named_rankings(user: Any) -> bool:
    """Named rankings per band: staff and Board."""
    return roles.can_read_internal(user)


def can_import(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_manage_roadmap(user: Any, municipality_code: str) -> bool:
    """Agree roadmap items and target dates: the municipality's users and staff."""
    return roles.can_edit_municipality(user, municipality_code)


def can_generate_roadmap(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_view_project(user: Any, municipality_codes: set[str] | frozenset[str]) -> bool:
    return roles.can_read_internal(user) or bool(
        roles.municipality_codes(user) & set(municipality_codes)
    )


def can_manage_projects(user: Any) -> bool:
    return roles.is_staff_member(user)


def can_view_project_board(user: Any) -> bool:
    return roles.can_read_internal(user)


def can_manage_adhesions(user: Any) -> bool:
    return roles.is_staff_member(user)
