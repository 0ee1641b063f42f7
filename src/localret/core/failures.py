"""One mapping of domain errors (:mod:`localret.core.errors`) for pages.

- :func:`add_form_errors` puts a service's ``errors`` on a bound form (on the field it names
  when the form has one, else as a non-field error), so the page re-renders with them;
- :func:`add_messages` turns them into flash messages (for buttons posting to an action);
- :class:`DomainErrorMiddleware` answers whatever a view lets through: ``NotFound`` 404,
  ``Forbidden`` 403 (Django's own pages), and an ``Invalid``/``Conflict`` from a form post
  becomes messages and a redirect back to the page (from a GET, the status with its message).

The API has its own mapping to problem+json (``core.api.install_error_handlers``); django-ninja
handles its exceptions itself, so this middleware never sees an API request's error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from .errors import DomainError, Forbidden, NotFound


def add_form_errors(form: Any, exc: DomainError, rename: dict[str, str] | None = None) -> None:
    """Attach ``exc.errors`` to ``form`` (``rename`` maps a service field to a form field)."""
    rename = rename or {}
    for error in exc.errors:
        field = error.get("field")
        field = rename.get(field, field) if field else None
        message = str(error.get("message", ""))
        if error.get("row") is not None:
            message = f"{error['row']}: {message}"
        form.add_error(field if field in form.fields else None, message)


def add_messages(request: HttpRequest, exc: DomainError) -> None:
    """One error message per item of ``exc.errors``."""
    for error in exc.errors:
        messages.error(request, str(error.get("message", "")))


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, DomainError):
            return None
        if isinstance(exc, NotFound):
            raise Http404(exc.message) from exc
        if isinstance(exc, Forbidden):
            raise PermissionDenied(exc.message) from exc
        if request.method == "POST":
            add_messages(request, exc)
            return HttpResponseRedirect(request.get_full_path())
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
