"""Small helpdesk data for tests, built with the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from localret.helpdesk import services
from localret.helpdesk.models import Request
from localret.territory.models import Municipality

VIC = "082981"
OLOT = "171143"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """An aware moment of a day (Europe/Madrid)."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def make_request(
    *,
    by: Any,
    code: str = VIC,
    kind: str = "advice",
    subject: str = "Com publiquem dades obertes?",
    description: str = "Volem publicar el padró agregat.",
    priority: str = "normal",
    opened: dt.date | None = None,
    links: dict[str, Any] | None = None,
) -> Request:
    return services.request_open(
        municipality=Municipality.objects.get(code=code),
        kind=kind,
        subject=subject,
        description=description,
        priority=priority,
        links=links,
        by=by,
        now=at(opened) if opened else None,
    )
