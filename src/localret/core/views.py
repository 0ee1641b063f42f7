from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control


def home(request: HttpRequest) -> HttpResponse:
    """Public: the platform's entry page."""
    return render(request, "core/home.html")


def health(request: HttpRequest) -> HttpResponse:
    """Public: a trivial view (liveness probe, and the baseline of the benchmarks)."""
    return HttpResponse("ok", content_type="text/plain")


FAVICON = Path(__file__).resolve().parent / "static" / "localret" / "favicon.ico"


@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """Public: /favicon.ico, which browsers and feed readers ask for whatever the page links."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")
