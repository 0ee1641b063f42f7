"""API conventions shared by every app's router.

- Authentication: ``Authorization: Bearer <token>`` or the browser session (with CSRF).
  ``AUTH`` is what a router passes as ``auth=``; public endpoints pass ``auth=None`` and call
  :func:`request_user` to learn who is asking, if anyone.
- Errors are ``application/problem+json`` (RFC 9457) with ``errors: [{field, row?, message}]``.
  Services raise :mod:`localret.core.errors` (``Invalid`` 422, ``NotFound`` 404, ``Forbidden``
  403, ``Conflict`` 409), answered here once; a router may raise :class:`Problem` (or
  ``Http404``/``PermissionDenied``) itself.
- Lists are ``{"count": N, "items": [...]}`` with ``limit``/``offset`` (:func:`paginate`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from pydantic import field_validator

from .access import permits
from .errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
MAX_LIMIT = 1000


class ErrorItem(Schema):
    field: str | None = None
    row: int | None = None
    message: str


class ProblemSchema(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[ErrorItem] = []


class Problem(Exception):
    """An error answered as problem+json. ``errors`` items: {field, row?, message}."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


def problem_response(
    status: int, title: str, detail: str = "", errors: list[dict[str, Any]] | None = None
) -> JsonResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


Allowed = Callable[..., bool]


def _check(allowed: Allowed | None, request: HttpRequest, user: Any) -> None:
    """Refuse (403) an authenticated user whom ``allowed(user, **path parameters)`` refuses."""
    if allowed is None:
        return
    match = getattr(request, "resolver_match", None)
    kwargs = dict(match.kwargs) if match is not None else {}
    if not permits(allowed, user, kwargs):
        raise PermissionDenied("You do not have permission for this action.")


TokenResolver = Callable[[str], Any]
_TOKEN_RESOLVER: list[TokenResolver] = []


def provide_token_user(resolver: TokenResolver) -> None:
    """Register ``resolver(token) -> active user | None`` (accounts' ``user_for_token``, in its
    ``AppConfig.ready()``: core sits below accounts). Registering another replaces it."""
    _TOKEN_RESOLVER[:] = [resolver]


def _user_for_token(token: str) -> Any:
    """The user of a Bearer token; None without a resolver (no token is accepted)."""
    return _TOKEN_RESOLVER[0](token) if _TOKEN_RESOLVER else None


class BearerTokenAuth(HttpBearer):
    def __init__(self, allowed: Allowed | None = None) -> None:
        super().__init__()
        self.allowed = allowed

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = _user_for_token(token)
        if user is not None:
            request.user = user
            _check(self.allowed, request, user)
        return user


class SessionUserAuth(SessionAuth):
    """Session authentication that also refuses inactive users.

    The CSRF check protects a logged-in session; a request with no session user (no cookie, no
    or a wrong Bearer token) has nothing to protect and is answered 401, not 403 "CSRF"."""

    def __init__(self, csrf: bool = True, allowed: Allowed | None = None) -> None:
        super().__init__(csrf=csrf)
        self.allowed = allowed

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "is_active", False):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and getattr(user, "is_active", False):
            _check(self.allowed, request, user)
            return user
        return None


def allowed(predicate: Allowed) -> list[Any]:
    """``auth=`` for an endpoint that only some users may call: the platform's authentication
    (Bearer token or session), then ``predicate(user, **path parameters)``, checked before the
    request body is read, so a refused user gets 403 whatever they send (never a 422 that
    would tell them about the data). No credentials: 401. Pages use the same check through
    ``core.access.allowed``."""
    return [BearerTokenAuth(predicate), SessionUserAuth(allowed=predicate)]


AUTH = [BearerTokenAuth(), SessionUserAuth()]


def request_user(request: HttpRequest) -> Any:
    """The user behind a request to a public endpoint: token, session, or anonymous."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = _user_for_token(header[7:].strip())
        if user is not None:
            return user
    return getattr(request, "user", None) or AnonymousUser()


def require(allowed: bool, message: str = "You do not have permission for this action.") -> None:
    """Raise 403 unless ``allowed``. Call with a predicate from a permissions module."""
    if not allowed:
        raise PermissionDenied(message)


class Pagination(Schema):
    """``limit`` and ``offset`` of a list. Sent empty (``?limit=&offset=``, as forms and the
    contract write them) they count as not sent: the default applies; bad values stay 422."""

    limit: int = 100
    offset: int = 0

    @field_validator("limit", "offset", mode="before")
    @classmethod
    def _empty_is_default(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[info.field_name].default
        return value


def paginate(queryset: QuerySet[Any] | list[Any], limit: int, offset: int) -> tuple[int, Any]:
    """Count and slice. Raise 422 for out-of-range values."""
    errors = []
    if limit < 1 or limit > MAX_LIMIT:
        errors.append({"field": "limit", "message": f"must be between 1 and {MAX_LIMIT}"})
    if offset < 0:
        errors.append({"field": "offset", "message": "must be 0 or more"})
    if errors:
        raise Problem(422, "Invalid pagination", errors=errors)
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    return count, queryset[offset : offset + limit]


def _field_of(loc: list[Any]) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "file", "payload")]
    if not parts and loc:  # e.g. a missing upload: ("file", "file")
        return str(loc[-1])
    return ".".join(parts) or None


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Problem)
    def _problem(request: HttpRequest, exc: Problem) -> JsonResponse:
        response = problem_response(exc.status, exc.title, exc.detail, exc.errors)
        for name, value in exc.headers.items():
            response[name] = value
        return response

    @api.exception_handler(DomainError)
    def _domain(request: HttpRequest, exc: DomainError) -> JsonResponse:
        """Every service's refusal: 422 Invalid, 404 NotFound, 403 Forbidden, 409 Conflict."""
        return problem_response(exc.status, exc.title, exc.message, exc.errors)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> JsonResponse:
        errors = [
            {"field": _field_of(list(err.get("loc", []))), "message": err.get("msg", "invalid")}
            for err in exc.errors
        ]
        return problem_response(422, "Invalid input", "Some fields are not valid.", errors)

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> JsonResponse:
        response = problem_response(401, "Authentication required", "Send a valid Bearer token.")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> JsonResponse:
        return problem_response(403, "Forbidden", str(exc) or "Not allowed.")

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> JsonResponse:
        return problem_response(404, "Not found", str(exc) or "No such resource.")

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> JsonResponse:
        return problem_response(exc.status_code, str(exc), str(exc))
