from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    mandate_end = models.DateField(_("mandate end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    mission = models.TextField(_("mission"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="plan_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlanValue(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self) -> str:
        return self.name


class StrategicObjective(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=10)  # OE1, OE2...
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "code"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_objective_code"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="objective_weight_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class ActionLine(models.Model):
    objective = models.ForeignKey(
        StrategicObjective, on_delete=models.CASCADE, related_name="action_lines"
    )
    code = models.CharField(_("code"), max_length=10)  # 1.1, 1.2...
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "position", "code"]
        verbose_name = _("action line")
        verbose_name_plural = _("action lines")
        constraints = [
            models.UniqueConstraint(fields=["objective", "code"], name="unique_action_line_code"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="action_line_weight_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"
