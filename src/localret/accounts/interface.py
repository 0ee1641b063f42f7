"""What other apps may use of accounts: the one role model (``roles``: predicates such as
``is_staff_member``, ``belongs_to``, ``municipality_codes``, and ``Role``) and the ``User``
model."""

from localret.accounts import roles
from localret.accounts.models import User
from localret.accounts.roles import Role, municipality_codes

__all__ = ["Role", "User", "municipality_codes", "roles"]
