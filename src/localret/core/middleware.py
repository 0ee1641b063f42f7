"""Request middleware of the platform."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Catalan by default, whatever the browser's language; Spanish or English once chosen.

    The language is the one chosen with the language switcher (Django's ``set_language`` view
    keeps it in the ``LANGUAGE_COOKIE_NAME`` cookie), else ``LANGUAGE_CODE`` (Catalan). The
    browser's ``Accept-Language`` is not followed: a public-sector site of Catalonia speaks
    Catalan first, and every visitor sees the same page for the same URL unless they choose
    otherwise. Replaces ``django.middleware.locale.LocaleMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def language_of(self, request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return chosen if chosen in self.supported else settings.LANGUAGE_CODE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response: the browser features the site never uses are
    refused (settings.LOCALRET_PERMISSIONS_POLICY). The Content-Security-Policy comes from
    django-csp (``csp.middleware.CSPMiddleware``); see docs/security.md."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "LOCALRET_PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every answer that may hold personal or
    confidential data, so that no shared cache (proxy, CDN) nor the browser's disk keeps it:

    - every API answer to an authenticated request (session user or an ``Authorization``
      header), whatever the view set;
    - every page answered to a logged-in user, unless the view declared its answer ``public``
      (the same for everyone, e.g. boundary files);
    - every API answer that sets no Cache-Control of its own (an endpoint that serves public
      data may opt in to caching by setting one; anonymous only).
    """

    NO_STORE = "private, no-store"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = bool(
            request.headers.get("Authorization") or (user is not None and user.is_authenticated)
        )
        api = request.path.startswith("/api/")
        if authenticated:
            if api or "public" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = self.NO_STORE
        elif api and not response.has_header("Cache-Control"):
            response["Cache-Control"] = self.NO_STORE
        return response


class EmptyParametersMiddleware:
    """A query parameter sent empty (``?as_of=&band=``, as a form with blank fields sends it)
    counts as not sent, on every page and every API endpoint: the parser of each parameter
    (``core.api.Pagination``, ``territory.bands.band_from_query``, dates...) sees it absent and
    applies its default, instead of refusing an empty value. Bad values still get their error,
    which names the parameter."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if query and _has_empty_value(query):
            kept = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                present = [value for value in values if value.strip()]
                if present:
                    kept.setlist(name, present)
            kept._mutable = False
            vars(request)["GET"] = kept  # WSGIRequest.GET is a cached property
        return self.get_response(request)


def _has_empty_value(query: str) -> bool:
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        if name and not value.replace("+", "").replace("%20", "").strip():
            return True
    return False
