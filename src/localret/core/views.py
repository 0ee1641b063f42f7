from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """Public: the platform's entry page."""
    return render(request, "core/home.html")


def health(request: HttpRequest) -> HttpResponse:
    """Public: a trivial view (liveness probe, and the baseline of the benchmarks)."""
    return HttpResponse("ok", content_type="text/plain")
