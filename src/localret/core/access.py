"""One permission mechanism for pages and API operations, over the role model.

A predicate from an app's ``permissions.py`` takes the user, and optionally any of the URL's
path parameters by name (``can_edit_plan(user, slug)``). Each view or operation states who may
use it in one line, checked before its body (or the request's body) is read:

- a page: ``@allowed(permissions.can_view_governance)`` above the view; anonymous visitors
  are sent to log in, a logged-in user the predicate refuses gets 403;
- an API operation: ``auth=allowed(permissions.can_edit_plan)`` (``core.api.allowed``, the
  same check inside the platform's authentication): no credentials 401, refused 403.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

Predicate = Callable[..., bool]
View = Callable[..., HttpResponseBase]


def permits(predicate: Predicate, user: Any, params: Mapping[str, Any]) -> bool:
    """``predicate(user, **the path parameters it names)`` (all of them if it takes ``**``)."""
    try:
        signature = inspect.signature(predicate)
    except (TypeError, ValueError):  # a builtin or C callable: the user only
        return bool(predicate(user))
    parameters = list(signature.parameters.values())[1:]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return bool(predicate(user, **params))
    names = {p.name for p in parameters if p.kind is not inspect.Parameter.VAR_POSITIONAL}
    return bool(predicate(user, **{k: v for k, v in params.items() if k in names}))


def allowed(predicate: Predicate) -> Callable[[View], View]:
    """Decorate a page view: log in first, then ``predicate`` or 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not permits(predicate, request.user, kwargs):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
