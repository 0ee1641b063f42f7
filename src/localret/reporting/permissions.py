"""Who may use reporting (built on accounts.roles).

- Board reports (PDF/XLSX, report jobs): Localret staff and Board members only.
- Transparency portal and open data: everyone, no login; they only ever show approved plans,
  public agreements, aggregates, and a municipality's maturity level with its consent.
- Publication consent: staff, or the municipality's own users.
"""

from __future__ import annotations

from typing import Any

from localret.accounts.interface import roles


def can_get_board_report(user: Any) -> bool:
    return roles.can_read_internal(user)


def can_set_publication_consent(user: Any, municipality_code: str) -> bool:
    return roles.can_edit_municipality(user, municipality_code)


def can_see_report_job(user: Any, job: Any) -> bool:
    """Who asked for the job, and Localret staff (who look after every job)."""
    if not can_get_board_report(user):
        return False
    return job.created_by_id == user.pk or roles.is_staff_member(user) or roles.is_admin(user)


def can_manage_report_job(user: Any, job: Any) -> bool:
    """Cancel or run again: staff for every job, and the person who asked for it."""
    return can_see_report_job(user, job)


def can_see_all_report_jobs(user: Any) -> bool:
    return roles.is_staff_member(user)
