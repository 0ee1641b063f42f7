"""Who may do what with the register and municipal profiles (built on accounts.roles)."""

from typing import Any

from localret.accounts.interface import roles


def can_view_profile(user: Any, municipality_code: str) -> bool:
    """Profiles hold personal data: Localret staff and the municipality's own users."""
    return roles.can_view_municipality_private(user, municipality_code)


def can_edit_profile(user: Any, municipality_code: str) -> bool:
    return roles.can_edit_municipality(user, municipality_code)
