"""Board report jobs and the municipalities' consent to publish their maturity level."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportJob(models.Model):
    """A Board report built in the background (django-tasks), with its progress."""

    # Progress is written often and no public figure reads it (core/versions.py).
    data_domain = "reporting_jobs"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    plan_slug = models.SlugField(_("plan"), max_length=80)
    as_of = models.DateField(_("as of"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(_("language"), max_length=5, default="ca")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=120, blank=True)
    error = models.TextField(_("error"), blank=True)
    content = models.BinaryField(_("content"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("Written by the worker at every step; a running job silent for long is dead."),
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_job_progress_lte_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_slug} {self.as_of} {self.format}"

    @property
    def step_label(self) -> str:
        """The step in words (the worker records a code)."""
        labels = {
            "plan": _("reading the plan"),
            "indicators": _("computing the indicators"),
            "changes": _("changes since the last Board meeting"),
            "follow-up": _("agreements and their follow-up"),
            "maturity and connectivity": _("maturity and connectivity"),
            "render": _("writing the document"),
            "done": _("finished"),
        }
        if self.step.startswith("retry"):
            return str(_("trying again after a temporary failure"))
        return str(labels.get(self.step, self.step))


class PublicationConsent(models.Model):
    """A municipality agrees (or not) that its maturity level appears on its public page of the
    transparency portal. Without a row, or with ``publish_maturity`` false, it never appears."""

    municipality = models.OneToOneField(
        "territory.Municipality",
        on_delete=models.CASCADE,
        related_name="publication_consent",
        verbose_name=_("municipality"),
    )
    publish_maturity = models.BooleanField(_("publish the maturity level"), default=False)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publication consent")
        verbose_name_plural = _("publication consents")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.publish_maturity}"
