"""Parsers of the parameters pages read from a request, one per kind, so every page reads a
parameter the same way (issue 15, point 3). A parameter sent empty is absent (see also
``core.middleware.EmptyParametersMiddleware``); a bad value is refused with a message that names
the parameter. The API reads the same kinds through its schemas (``core.api.Pagination``, dates
as ISO 8601), and the population band and municipality code through ``territory.bands`` and
``territory.codes``.
"""

from __future__ import annotations

import argparse
import datetime as dt

from django.http import HttpRequest

from localret.core.errors import Invalid


class BadParameter(Invalid, ValueError):
    """A parameter's value that cannot be read (422); ``str()`` names the parameter, and so
    does the error's ``field``."""

    def __init__(self, name: str, expected: str) -> None:
        super().__init__(f"{name} must be {expected}", field=name)
        self.name = name


def date_param(
    request: HttpRequest,
    name: str = "as_of",
    *,
    method: str = "GET",
    default: dt.date | None = None,
) -> dt.date | None:
    """The date of parameter ``name`` (ISO 8601, ``YYYY-MM-DD``) of the query (``method="GET"``)
    or of the posted form (``"POST"``); ``default`` when absent or empty. Raises
    :class:`BadParameter` for anything else."""
    values = request.POST if method == "POST" else request.GET
    return date_value(values.get(name), name, default=default)


def date_value(
    raw: str | None, name: str, *, default: dt.date | None = None, required: bool = False
) -> dt.date | None:
    """The date in ``raw`` (ISO 8601, ``YYYY-MM-DD``, as a date input sends it), the value of
    parameter or form field ``name``; ``default`` when empty, unless ``required``. Raises
    :class:`BadParameter` for anything else (forms turn it into a message in the reader's
    language, naming the field)."""
    text = (raw or "").strip()
    if not text:
        if required:
            raise BadParameter(name, "a date YYYY-MM-DD")
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise BadParameter(name, "a date YYYY-MM-DD") from exc


def date_argument(text: str) -> dt.date:
    """The ``type=`` of a command-line date option (``--as-of``): the same reading as
    :func:`date_value`; argparse names the option in its error."""
    try:
        value = date_value(text, "date", required=True)
    except BadParameter as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from exc
    assert value is not None  # noqa: S101 - required: never None
    return value
