"""Upload limits, checked before the request body is read.

Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not count file data, so a large file would be
received, spooled to disk and parsed before any size check in a view. :class:`UploadLimitMiddleware`
looks up the limit of the requested path in :data:`UPLOAD_LIMITS` (the first pattern that
matches; every other path: :data:`DEFAULT_LIMIT`) and

- answers 413 at once when the declared ``Content-Length`` is over it, without reading the body
  (problem+json under ``/api/``, an HTML page elsewhere);
- otherwise puts a :class:`LimitedUploadHandler` first among the request's upload handlers: it
  counts the bytes of the files as they arrive and stops past the limit (a body sent without a
  ``Content-Length``, or one that lies), and the answer is the same 413.

The limits are documented per endpoint in docs/security.md and the README.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MB = 1024 * 1024
# Nothing the platform accepts is larger (the ceiling).
DEFAULT_LIMIT = 20 * MB


@dataclass(frozen=True)
class UploadLimit:
    pattern: str
    limit: int
    what: str  # for the documentation and the error

    def matches(self, path: str) -> bool:
        return re.fullmatch(self.pattern, path) is not None


UPLOAD_LIMITS: tuple[UploadLimit, ...] = (
    # API imports
    UploadLimit(r"/api/v1/measurements/import", 5 * MB, "measurement import (API)"),
    UploadLimit(r"/api/v1/maturity/import", 5 * MB, "maturity answers import (API)"),
    UploadLimit(r"/api/v1/connectivity/coverage/import", 20 * MB, "coverage import (API)"),
    UploadLimit(r"/api/v1/connectivity/candidates/import", 5 * MB, "candidate set import (API)"),
    # Page uploads
    UploadLimit(r"/pla/importar/", 5 * MB, "measurement import (page)"),
    UploadLimit(r"/maduresa/importa/", 5 * MB, "maturity answers import (page)"),
    UploadLimit(r"/connectivitat/importar/", 20 * MB, "coverage import (page)"),
    UploadLimit(r"/maduresa/avaluacio/\d+/", 20 * MB, "self-assessment with evidence files"),
    UploadLimit(r"/maduresa/projectes/\d+/", 10 * MB, "project document"),
    UploadLimit(r"/governanca/reunions/\d+/acta/", 10 * MB, "meeting minutes"),
)


def limit_for(path: str) -> int:
    for item in UPLOAD_LIMITS:
        if item.matches(path):
            return item.limit
    return DEFAULT_LIMIT


class UploadTooLarge(SuspiciousOperation):
    """The body grew past the limit while it was being read."""


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in the request; past the limit, stops the upload."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request._upload_too_large = True  # type: ignore[union-attr]
            raise UploadTooLarge(f"upload larger than {self.limit} bytes")
        return raw_data  # the next handler stores it

    def file_complete(self, file_size: int) -> None:
        return None


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    megabytes = f"{limit / MB:g}"
    if request.path.startswith("/api/"):
        from .api import problem_response

        return problem_response(
            413,
            "Content too large",
            f"The upload is larger than the limit of this endpoint ({limit} bytes, "
            f"{megabytes} MB); nothing was read.",
            [{"field": "file", "message": f"at most {limit} bytes"}],
        )
    context = {"limit_mb": megabytes}
    return render(request, "413.html", context, status=413)


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        limit = limit_for(request.path)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return too_large_response(request, limit)
        request.upload_handlers = [
            LimitedUploadHandler(request, limit),
            *request.upload_handlers,
        ]
        response = self.get_response(request)
        if getattr(request, "_upload_too_large", False):
            return too_large_response(request, limit)
        return response
