"""Structured logs: one JSON line per request and per log record, each with the request id.

``RequestLogMiddleware`` (first in production's ``MIDDLEWARE``) gives every request an id (the
proxy's ``X-Request-ID`` when it is a sane token, a new one otherwise), answers it in the
``X-Request-ID`` header, and logs, on the ``localret.request`` logger, one line with the method,
path (without the query string, which may carry personal search terms), status, duration in
milliseconds and the user's id (never the name). ``RequestContextFilter`` adds the request id and
user id of the request being served to every other record of the same thread (Django's 5xx
"Internal Server Error" record with its one stack trace, the app's own warnings), and
``JsonFormatter`` writes each record as one JSON object on one line.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("localret.request")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
# Attributes every LogRecord has; anything else was given with ``extra=`` and is written out.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _user_id_of(request: HttpRequest) -> int | None:
    """The id of the session's user or of the API token's (an endpoint open to everyone does
    not read a token it was sent: its request is anonymous, and so is its log line)."""
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return int(user.pk)
    return None


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        id_token = _request_id.set(request_id)
        user_token = _user_id.set(None)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            _user_id.set(_user_id_of(request))
            status = response.status_code
            level = logging.INFO
            if status >= 500:
                level = logging.ERROR
            elif status >= 400:
                level = logging.WARNING
            logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(id_token)
            _user_id.reset(user_token)


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``user_id`` of the request being served to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs a 4xx/5xx answer ("django.request") after the middleware has
            # returned: the request itself still carries its id.
            request = getattr(record, "request", None)
            record.request_id = _request_id.get() or getattr(request, "request_id", None)
        if not hasattr(record, "user_id"):
            user_id = _user_id.get()
            request = getattr(record, "request", None)
            if user_id is None and isinstance(request, HttpRequest):
                user_id = _user_id_of(request)
            record.user_id = user_id
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line; the stack trace (if any) in ``exc_info``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key in entry or key == "request":
                continue
            entry[key] = value if _is_json(value) else repr(value)
        if record.exc_info:
            entry["exc_info"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.stack_info:
            entry["stack_info"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


def _is_json(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)
