"""Small helpdesk data for tests, built with the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from localret.helpdesk import services
from localret.helpdesk.models import (
    Attachment,
    Delivery,
    Kind,
    Message,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationProfile,
    Priority,
    Request,
    ServiceLevel,
    Status,
)
from localret.territory.models import Municipality

from ..accounts.factories import UserFactory
from ..territory.factories import registered

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


# factory_boy factories: rows written directly (``make_request`` above goes through the
# service, which computes the due dates from the service levels); each passes ``full_clean()``.

OPENED = dt.date(2025, 10, 6)  # a Monday


class ServiceLevelFactory(factory.django.DjangoModelFactory):
    """A target; the table ships with a migration, so an existing kind and priority is reused."""

    class Meta:
        model = ServiceLevel
        django_get_or_create = ("kind", "priority")

    kind = Kind.ADVICE
    priority = Priority.NORMAL
    first_answer_days = 2
    resolution_days = 10


class RequestFactory(factory.django.DjangoModelFactory):
    """A new advice request of Vic opened on Monday 6 October 2025."""

    class Meta:
        model = Request

    municipality = factory.LazyFunction(registered)
    kind = Kind.ADVICE
    subject = factory.Sequence(lambda n: f"Com publiquem el pressupost en dades obertes? ({n})")
    description = "Volem publicar el pressupost municipal al portal de dades obertes."
    status = Status.NEW
    priority = Priority.NORMAL
    created_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(lambda: at(OPENED))
    opened_on = OPENED
    first_answer_due = dt.date(2025, 10, 8)
    resolution_due = dt.date(2025, 10, 20)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    request = factory.SubFactory(RequestFactory)
    author = factory.SubFactory(UserFactory)
    body = "Us enviem la guia de publicació i en parlem dijous."
    from_staff = True
    created_at = factory.LazyFunction(lambda: at(OPENED, 12))


class AttachmentFactory(factory.django.DjangoModelFactory):
    """An attachment with a small PDF file: tests that use it set ``settings.MEDIA_ROOT``."""

    class Meta:
        model = Attachment

    request = factory.SubFactory(RequestFactory)
    file = factory.django.FileField(filename="pressupost-2025.pdf", data=b"%PDF-1.4\n%%EOF\n")
    name = "pressupost-2025.pdf"
    size = 15
    uploaded_by = factory.SelfAttribute("request.created_by")
    uploaded_at = factory.LazyFunction(lambda: at(OPENED, 11))


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread notification of an answer on a request."""

    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.REQUEST_ANSWER
    title = "Nova resposta a la vostra petició"
    body = "Localret ha respost la petició sobre dades obertes."
    url = "/peticions/1/"
    key = factory.Sequence(lambda n: f"request_answer:{n}")
    created_at = factory.LazyFunction(lambda: at(OPENED, 12))


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.REQUEST_ANSWER
    delivery = Delivery.DIGEST


class NotificationProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    language = "ca"
