"""Governing bodies of the consortium, their members, meetings, agreements and follow-up."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localret.core import formatting

from . import rules


class Body(models.Model):
    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("General Assembly")
        BOARD = "board", _("Board")
        COMMITTEE = "committee", _("Committee")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")

    def __str__(self) -> str:
        return self.name


class MemberEntity(models.Model):
    """An entity that belongs to the consortium (town hall, county council, ...)."""

    class Kind(models.TextChoices):
        AJUNTAMENT = "ajuntament", _("Town hall")
        CONSELL_COMARCAL = "consell_comarcal", _("County council")
        DIPUTACIO = "diputacio", _("Provincial council")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    comarca = models.ForeignKey(
        "territory.Comarca",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comarca"),
    )
    adhesion_date = models.DateField(_("adhesion date"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("member entity")
        verbose_name_plural = _("member entities")

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A person sitting on a body on behalf of an entity. The person's name and e-mail are
    personal data: staff and Board only, never public."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary (no vote)")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("body")
    )
    entity = models.ForeignKey(
        MemberEntity, on_delete=models.PROTECT, related_name="members", verbose_name=_("entity")
    )
    person_name = models.CharField(_("person"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "role", "person_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="member_term_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.entity})"

    @property
    def votes(self) -> bool:
        return self.role != self.Role.SECRETARY


def minutes_path(instance: Meeting, filename: str) -> str:
    """An unguessable private path (like evidence files): the minutes are served only by the
    minutes view, which checks permission; nobody can guess another meeting's file name."""
    return f"private/governance/minutes/{uuid.uuid4().hex}.pdf"


class Meeting(models.Model):
    class Call(models.IntegerChoices):
        FIRST = rules.FIRST_CALL, _("First call")
        SECOND = rules.SECOND_CALL, _("Second call")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    call = models.PositiveSmallIntegerField(_("call"), choices=Call.choices, default=Call.FIRST)
    minutes = models.FileField(_("minutes (PDF)"), upload_to=minutes_path, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "body"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.body} {formatting.date_short(self.date)}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.meeting}"


class Agreement(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        PLAN_APPROVAL = "plan_approval", _("Plan approval")
        PLAN_CLOSURE = "plan_closure", _("Plan closure")

    class Result(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("meeting")
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.GENERAL)
    votes_for = models.PositiveSmallIntegerField(_("votes in favour"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    is_public = models.BooleanField(_("published"), default=False)
    plan = models.ForeignKey(
        "strategy.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
    )
    objectives = models.ManyToManyField(
        "strategy.StrategicObjective", blank=True, related_name="+", verbose_name=_("objectives")
    )
    action_lines = models.ManyToManyField(
        "strategy.ActionLine", blank=True, related_name="+", verbose_name=_("action lines")
    )
    municipalities = models.ManyToManyField(
        "territory.Municipality", blank=True, related_name="+", verbose_name=_("municipalities")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(m2m_fields=[objectives, action_lines])

    class Meta:
        ordering = ["-meeting__date", "number"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class FollowUp(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("agreement")
    )
    title = models.CharField(_("task"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    done_date = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return rules.is_overdue(self.due_date, self.status, today)
