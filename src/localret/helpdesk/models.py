"""Requests of town halls to Localret, their service levels, and the notifications of users."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Kind(models.TextChoices):
    ADVICE = "advice", _("Advice")
    ADHESION = "adhesion", _("Service adhesion")
    INCIDENT = "incident", _("Incident")
    PROJECT = "project", _("Project proposal")
    PILOT = "pilot", _("Pilot proposal")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the municipality")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


OPEN_STATUSES = (Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING, Status.REOPENED)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)


class Team(models.TextChoices):
    ADVICE = "advice", _("Advice and strategy")
    SERVICES = "services", _("Services and platforms")
    SECURITY = "security", _("Cybersecurity")
    INNOVATION = "innovation", _("Innovation")
    CONNECTIVITY = "connectivity", _("Connectivity")


class ServiceLevel(models.Model):
    """The target of one kind and priority, in working days of the Catalan calendar."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices)
    first_answer_days = models.PositiveSmallIntegerField(_("first answer (working days)"))
    resolution_days = models.PositiveSmallIntegerField(_("resolution (working days)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "priority"]
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        constraints = [
            models.UniqueConstraint(fields=["kind", "priority"], name="unique_service_level"),
            models.CheckConstraint(
                condition=models.Q(first_answer_days__gte=1)
                & models.Q(resolution_days__gte=models.F("first_answer_days")),
                name="service_level_targets_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_priority_display()}"


class Request(models.Model):
    """A town hall's request to Localret (advice, adhesion, incident, proposal...)."""

    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="helpdesk_requests",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    team = models.CharField(_("team"), max_length=15, choices=Team.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_assigned",
        verbose_name=_("person responsible"),
    )
    action_line = models.ForeignKey(
        "strategy.ActionLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_requests",
        verbose_name=_("action line"),
    )
    # What the request is about (optional).
    roadmap_item = models.ForeignKey(
        "maturity.RoadmapItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_requests",
        verbose_name=_("roadmap item"),
    )
    service = models.ForeignKey(
        "maturity.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_requests",
        verbose_name=_("catalogue service"),
    )
    project = models.ForeignKey(
        "maturity.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_requests",
        verbose_name=_("project"),
    )
    pilot = models.ForeignKey(
        "innovation.Pilot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_requests",
        verbose_name=_("pilot"),
    )
    # What its resolution created (linked both ways through the related names).
    created_adhesion = models.ForeignKey(
        "maturity.Adhesion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_origin",
        verbose_name=_("adhesion created"),
    )
    created_project = models.ForeignKey(
        "maturity.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_origin",
        verbose_name=_("project created"),
    )
    created_idea = models.ForeignKey(
        "innovation.Idea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_origin",
        verbose_name=_("innovation idea created"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="helpdesk_created",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("opened at"))
    opened_on = models.DateField(_("opened on"))
    first_answered_on = models.DateField(_("first answered on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    waiting_since = models.DateField(_("waiting since"), null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField(_("paused working days"), default=0)
    first_answer_due = models.DateField(_("first answer due"))
    resolution_due = models.DateField(_("resolution due"))
    overdue_notified = models.BooleanField(
        default=False, editable=False, verbose_name=_("overdue notified")
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1-5)"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="helpdesk_satisfaction_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in Status]),
                name="helpdesk_request_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in Kind]),
                name="helpdesk_request_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: Any) -> bool:
        """A due date passed while Localret had the request in hand (not while it waited)."""
        if self.status == Status.WAITING or not self.is_open:
            return False
        late_answer = self.first_answered_on is None and today > self.first_answer_due
        return late_answer or today > self.resolution_due

    @property
    def within_target(self) -> bool | None:
        if self.resolved_on is None:
            return None
        return self.resolved_on <= self.resolution_due


class Message(models.Model):
    """One message of a request's thread; internal notes are for Localret staff only."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="messages", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    from_staff = models.BooleanField(default=False, verbose_name=_("from Localret staff"))
    created_at = models.DateTimeField(_("written at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.body[:40]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """An unguessable stored name (the original name is kept in ``name``), outside the public
    media folders."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"private/helpdesk/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("request")
    )
    internal = models.BooleanField(_("internal"), default=False)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class NotificationKind(models.TextChoices):
    REQUEST_ANSWER = "request_answer", _("A new answer on a request")
    DUE_PASSED = "due_passed", _("A request's due date passed")
    ASSESSMENT_RETURNED = "assessment_returned", _("An assessment returned for changes")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("An agreement follow-up overdue")
    REPORT_READY = "report_ready", _("A Board report ready")
    PROPOSAL_ANSWERED = "proposal_answered", _("A participation proposal answered")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    NEVER = "never", _("Never")


class Notification(models.Model):
    """An in-app notification; e-mailed at once or in the daily digest by preference."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # One notification per user and event (a follow-up overdue is reported once).
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    digest_pending = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_notification_event")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    delivery = models.CharField(
        _("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_pref")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.delivery}"


class NotificationProfile(models.Model):
    """The language a user's e-mails are written in (chosen on the preferences page; Catalan
    until then)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of e-mails"), max_length=5, choices=settings.LANGUAGES, default="ca"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification profile")
        verbose_name_plural = _("notification profiles")

    def __str__(self) -> str:
        return f"{self.user_id} {self.language}"
