"""Notifications: the in-app list and e-mails (at once or in a daily digest), per user and kind.

Every notification is written in its recipient's language (``NotificationProfile``) and only
ever tells a user about something they may see: the callers choose the recipients from the
object's own municipality or person (a request's municipality, an assessment's municipality,
the person responsible for a follow-up, the author of a proposal, the user who asked for a
report). E-mails are plain text and HTML, with a link to the page.

Other apps' events reach this module through their hooks, registered in
``HelpdeskConfig.ready()`` (:func:`register_hooks`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Delivery, Notification, NotificationKind, NotificationPreference

Text = Callable[[], str]

_MUTED: list[bool] = []


@contextmanager
def emails_muted() -> Iterator[None]:
    """Record notifications without e-mailing them (the demo's past history)."""
    _MUTED.append(True)
    try:
        yield
    finally:
        _MUTED.pop()


def base_url() -> str:
    return str(getattr(settings, "LOCALRET_BASE_URL", "http://localhost:8000")).rstrip("/")


def language_of(user: Any) -> str:
    profile = getattr(user, "notification_profile", None)
    try:
        return profile.language if profile is not None else settings.LANGUAGE_CODE
    except Exception:  # no profile row yet
        return settings.LANGUAGE_CODE


def delivery_of(user: Any, kind: str) -> str:
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return pref.delivery if pref is not None else Delivery.IMMEDIATE


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: Text,
    body: Text,
    url: str,
    key: str,
    now: dt.datetime | None = None,
) -> list[Notification]:
    """Notify each user once per ``key``: an in-app notification, and an e-mail sent when the
    transaction commits (immediately), kept for the digest, or none, by the user's preference.
    ``title`` and ``body`` are called in each recipient's language."""
    now = now or timezone.now()
    created = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        if Notification.objects.filter(user=user, key=key).exists():
            continue
        delivery = delivery_of(user, kind)
        with translation.override(language_of(user)):
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=str(title())[:300],
                body=str(body()),
                url=url,
                key=key[:120],
                created_at=now,
                digest_pending=delivery == Delivery.DIGEST and bool(user.email) and not _MUTED,
            )
        created.append(notification)
        if delivery == Delivery.IMMEDIATE and user.email and not _MUTED:
            transaction.on_commit(partial(send_immediate, notification))
    return created


def _absolute(url: str) -> str:
    return url if url.startswith("http") else base_url() + url


def send_immediate(notification: Notification) -> None:
    user = notification.user
    with translation.override(language_of(user)):
        context = {
            "user": user,
            "items": [notification],
            "notification": notification,
            "link": _absolute(notification.url),
            "settings_link": _absolute(reverse("helpdesk:preferences")),
        }
        subject = f"[Localret] {notification.title}"
        text = render_to_string("helpdesk/email/notification.txt", context)
        html = render_to_string("helpdesk/email/notification.html", context)
    _send(user, subject, text, html)
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def _send(user: Any, subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def send_digests(*, now: dt.datetime | None = None) -> int:
    """One e-mail per user with the notifications kept for the digest. Returns e-mails sent."""
    from localret.accounts.interface import User

    now = now or timezone.now()
    sent = 0
    user_ids = (
        Notification.objects.filter(digest_pending=True).values_list("user", flat=True).distinct()
    )
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True).order_by("pk"):
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update()
                .filter(user=user, digest_pending=True)
                .order_by("created_at", "pk")
            )
            if not items:
                continue
            with translation.override(language_of(user)):
                context = {
                    "user": user,
                    "items": [
                        {"title": n.title, "body": n.body, "link": _absolute(n.url)} for n in items
                    ],
                    "link": _absolute(reverse("helpdesk:notifications")),
                    "settings_link": _absolute(reverse("helpdesk:preferences")),
                }
                subject = "[Localret] " + _("Your daily summary (%(n)d notifications)") % {
                    "n": len(items)
                }
                text = render_to_string("helpdesk/email/digest.txt", context)
                html = render_to_string("helpdesk/email/digest.html", context)
            if user.email:
                _send(user, subject, text, html)
                sent += 1
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                digest_pending=False, emailed_at=now
            )
    return sent


def daily_run(*, today: dt.date | None = None) -> dict[str, int]:
    """What the worker runs every day: overdue requests and follow-ups, then the digests."""
    from localret.governance.interface import follow_ups_report_overdue

    from .services import requests_notify_overdue

    today = today or timezone.localdate()
    return {
        "overdue_requests": requests_notify_overdue(today=today),
        "overdue_follow_ups": follow_ups_report_overdue(today=today),
        "digests": send_digests(),
    }


# --- Other apps' events ----------------------------------------------------------------------


def _municipal_users(municipality: Any) -> list[Any]:
    from localret.accounts.interface import Role, User

    return list(
        User.objects.filter(
            is_active=True, role=Role.MUNICIPAL, memberships__municipality=municipality
        ).distinct()
    )


def notify_assessment_returned(*, assessment: Any, comment: str, by: Any, **extra: Any) -> None:
    notify(
        users=_municipal_users(assessment.municipality),
        kind=NotificationKind.ASSESSMENT_RETURNED,
        title=lambda: _("Your maturity assessment has been returned for changes"),
        body=lambda: comment,
        url=reverse("maturity:assessment", args=[assessment.pk]),
        key=f"assessment-returned:{assessment.pk}:{assessment.reviews.count()}",
    )


def notify_follow_up_overdue(*, follow_up: Any, today: dt.date, **extra: Any) -> None:
    if follow_up.responsible is None:
        return
    notify(
        users=[follow_up.responsible],
        kind=NotificationKind.FOLLOW_UP_OVERDUE,
        title=lambda: _("Follow-up task overdue: %(title)s") % {"title": follow_up.title},
        body=lambda: (
            _("Agreement %(number)s. Due on %(date)s.")
            % {
                "number": follow_up.agreement.number,
                "date": follow_up.due_date.strftime("%d/%m/%Y"),
            }
        ),
        url=reverse("governance:index"),
        key=f"follow-up-overdue:{follow_up.pk}:{follow_up.due_date.isoformat()}",
    )


def notify_proposal_answered(*, proposal: Any, by: Any, **extra: Any) -> None:
    if proposal.author is None:
        return
    notify(
        users=[proposal.author],
        kind=NotificationKind.PROPOSAL_ANSWERED,
        title=lambda: (
            _("Your proposal has been answered: %(element)s") % {"element": proposal.element}
        ),
        body=lambda: proposal.answer,
        url=reverse("participation:consultation_detail", args=[proposal.consultation_id]),
        key=f"proposal-answered:{proposal.pk}",
    )


def notify_report_ready(*, job: Any, **extra: Any) -> None:
    notify(
        users=[job.created_by],
        kind=NotificationKind.REPORT_READY,
        title=lambda: _("Your Board report is ready"),
        body=lambda: (
            _("Plan %(plan)s, as of %(date)s.")
            % {"plan": job.plan_slug, "date": job.as_of.strftime("%d/%m/%Y")}
        ),
        url=reverse("reporting:job", args=[job.pk]),
        key=f"report-ready:{job.pk}",
    )


def register_hooks() -> None:
    from localret.core import hooks

    hooks.assessment_returned.connect(notify_assessment_returned)
    hooks.follow_up_overdue.connect(notify_follow_up_overdue)
    hooks.proposal_answered.connect(notify_proposal_answered)
    hooks.report_ready.connect(notify_report_ready)
