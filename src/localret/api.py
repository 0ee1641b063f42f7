"""The platform's HTTP API: one NinjaAPI, one router per app, mounted under /api/v1/.

Every answer under /api/ is JSON, errors ``application/problem+json`` (RFC 9457), also where
django-ninja or Django would answer HTML: an unknown path (or a known one with a trailing slash)
is 404, a method the path does not take is 405 with ``Allow``, and an unhandled error is 500
(``handler500`` in ``localret/urls.py``). Only the interactive docs (``/api/docs``) are HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, URLPattern, URLResolver, re_path, resolve
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.operation import Operation

from localret.core.api import PROBLEM_CONTENT_TYPE, install_error_handlers, problem_response

API_PREFIX = "/api/"


def method_not_allowed(allowed: list[str]) -> HttpResponse:
    allowed = sorted(set(allowed))
    response = problem_response(405, "Method not allowed", f"This path takes {', '.join(allowed)}.")
    response["Allow"] = ", ".join(allowed)
    return response


def _as_problems(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view, with the answers django-ninja gives outside its exception handlers (405 for a
    method the path does not take, Http404 from its own views) turned into problem+json."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if isinstance(response, HttpResponseNotAllowed):
            return method_not_allowed([m.strip() for m in response["Allow"].split(",")])
        return response

    return wrapped


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any path under /api/ that no endpoint has: 404 problem+json (whatever the method)."""
    detail = f"No endpoint at {request.path}."
    stripped = request.path.rstrip("/")
    if stripped != request.path and stripped.startswith(API_PREFIX):
        try:
            match = resolve(stripped)
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            detail += f" Did you mean {stripped} (without the trailing slash)?"
    return problem_response(404, "Not found", detail)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: problem+json under /api/, Django's error page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return problem_response(500, "Server error", "The request could not be completed.")
    return defaults.server_error(request)


class LocalretAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        wrapped: list[URLResolver | URLPattern] = [
            URLPattern(p.pattern, _as_problems(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in patterns
        ]
        wrapped.append(re_path(r"^.*$", not_found, name="not-found"))
        return wrapped, app_name, namespace

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """django-ninja's id (module and function name), with an app's ``api`` package counted
        as its former ``api.py`` module: splitting a router into sub-modules keeps every id."""
        module, package, _ = operation.view_func.__module__.partition(".api.")
        if package:
            module += ".api"
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The schema, with every error response (4xx, 5xx) documented as it is sent:
        ``application/problem+json``."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status)[:1] in "45" and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = LocalretAPI(
    title="Localret platform API",
    version="1",
    description=(
        "API of the Localret platform. Authenticate with `POST /api/v1/auth/token` and send "
        "`Authorization: Bearer <token>`. Errors are `application/problem+json` (RFC 9457) "
        "with `errors: [{field, row?, message}]`. Lists take `limit` and `offset` and answer "
        "`{count, items}`."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
install_error_handlers(api)


def _mount() -> None:
    from localret.accounts.api import router as accounts_router
    from localret.connectivity.api import router as connectivity_router
    from localret.diagnosis.api import router as diagnosis_router
    from localret.governance.api import router as governance_router
    from localret.helpdesk.api import router as helpdesk_router
    from localret.innovation.api import router as innovation_router
    from localret.maturity.api import router as maturity_router
    from localret.participation.api import router as participation_router
    from localret.reporting.api import router as reporting_router
    from localret.strategy.api import router as strategy_router
    from localret.territory.api import router as territory_router

    for router in (
        accounts_router,
        territory_router,
        strategy_router,
        diagnosis_router,
        participation_router,
        maturity_router,
        innovation_router,
        connectivity_router,
        governance_router,
        helpdesk_router,
        reporting_router,
    ):
        api.add_router("/v1", router)


_mount()
