"""Errors that domain services raise (no web framework here): one way to fail.

A service that refuses a request raises one of these, always with
``errors=[{field, row?, message}]``, and writes nothing:

- :class:`Invalid` (422): bad input, naming the field (and the row of a file) at fault;
- :class:`NotFound` (404): what the request names does not exist (or not at that date);
- :class:`Forbidden` (403): the user may not do this;
- :class:`Conflict` (409): the object's state forbids the change (locked, already decided).

:class:`DomainError` is their base; raised itself it means "invalid" (422), as it always did.
They are mapped once for the API (``core.api.install_error_handlers``: problem+json with the
class's status) and once for pages (:mod:`localret.core.failures`: form errors, messages, 404
and 403 responses), so routers and views need no try/except of their own.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Invalid input or a refused transition; nothing was written."""

    status: ClassVar[int] = 422
    title: ClassVar[str] = "Invalid input"

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[dict[str, Any]] = errors or [{"field": None, "message": message}]


class Invalid(DomainError):
    """Bad input (422). ``field`` and ``row`` name where, when ``errors`` is not given."""

    def __init__(
        self,
        message: str,
        errors: list[dict[str, Any]] | None = None,
        *,
        field: str | None = None,
        row: int | None = None,
    ) -> None:
        if errors is None:
            error: dict[str, Any] = {"field": field, "message": message}
            if row is not None:
                error["row"] = row
            errors = [error]
        super().__init__(message, errors)
        self.field = field
        self.row = row


class NotFound(DomainError):
    """What the request names does not exist (404)."""

    status = 404
    title = "Not found"


class Forbidden(DomainError):
    """The user may not do this (403)."""

    status = 403
    title = "Forbidden"


class Conflict(DomainError):
    """The object's current state forbids the change (409)."""

    status = 409
    title = "Conflict"


def errors_from_validation(exc: Any) -> list[dict[str, Any]]:
    """``errors`` items from a Django ``ValidationError`` (``__all__`` becomes field None)."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if name == "__all__" else name, "message": str(m)}
            for name, messages in exc.message_dict.items()
            for m in messages
        ]
    return [{"field": None, "message": str(m)} for m in exc.messages]
