"""The viewer's role flags for every template (the header's menus)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import roles


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "LOCALRET_DEMO": settings.LOCALRET_DEMO,
        "user_is_staff_member": roles.is_staff_member(user),
        "user_is_board": roles.is_board(user),
        "user_is_admin": roles.is_admin(user),
        "user_can_read_internal": roles.can_read_internal(user),
        "user_is_collaborator": roles.is_collaborator(user),
    }
    context["viewer_name"] = user.get_username() if user is not None else ""
    return context
