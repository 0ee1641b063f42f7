"""Errors that domain services raise (no web framework here).

A service that refuses its input raises :class:`DomainError` (or an app's subclass) with
``errors=[{field, row?, message}]``; the API answers it as 422 problem+json
(``core.api.install_error_handlers``), so routers need no try/except of their own.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Invalid input or a refused transition; nothing was written."""

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or [{"field": None, "message": message}]
