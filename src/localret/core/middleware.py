"""Request middleware of the platform."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
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
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
