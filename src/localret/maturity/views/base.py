"""What maturity's pages share: labels, the municipality lookup, private files."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404

from localret.territory.interface import municipality_get

LEVEL_COLOURS = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


def _municipality_or_404(code: str) -> Any:
    municipality = municipality_get(code)
    if municipality is None:
        raise Http404
    return municipality


def _has_boundaries() -> bool:
    from localret.territory.interface import boundaries_path

    return boundaries_path("municipis") is not None


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


def _private_file(field_file: Any) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = field_file.name.rsplit("/", 1)[-1].split("_", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
