"""The diagnosis behind a plan: SWOT and PESTEL findings and the stakeholder map.

Each finding and stakeholder states its source (survey, interview, workshop, data) and the action
lines of the plan it motivates, so that each element of the plan can be traced back to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Source(models.TextChoices):
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interview")
    WORKSHOP = "workshop", _("Workshop")
    DATA = "data", _("Data analysis")


class Finding(models.Model):
    class Category(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        OPPORTUNITY = "opportunity", _("Opportunity")
        THREAT = "threat", _("Threat")
        POLITICAL = "political", _("Political")
        ECONOMIC = "economic", _("Economic")
        SOCIAL = "social", _("Social")
        TECHNOLOGICAL = "technological", _("Technological")
        ENVIRONMENTAL = "environmental", _("Environmental")
        LEGAL = "legal", _("Legal")

    SWOT = ("strength", "weakness", "opportunity", "threat")
    PESTEL = ("political", "economic", "social", "technological", "environmental", "legal")

    plan = models.ForeignKey(
        "strategy.Plan", on_delete=models.CASCADE, related_name="findings", verbose_name=_("plan")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    action_lines = models.ManyToManyField(
        "strategy.ActionLine",
        related_name="findings",
        blank=True,
        verbose_name=_("action lines it motivates"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    history = HistoricalRecords(m2m_fields=[action_lines])

    class Meta:
        ordering = ["plan", "category", "pk"]
        verbose_name = _("diagnosis finding")
        verbose_name_plural = _("diagnosis findings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    category__in=[
                        "strength",
                        "weakness",
                        "opportunity",
                        "threat",
                        "political",
                        "economic",
                        "social",
                        "technological",
                        "environmental",
                        "legal",
                    ]
                ),
                name="finding_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=["survey", "interview", "workshop", "data"]),
                name="finding_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def framework(self) -> str:
        return "swot" if self.category in self.SWOT else "pestel"


class Stakeholder(models.Model):
    class Scope(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    class Sector(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    plan = models.ForeignKey(
        "strategy.Plan",
        on_delete=models.CASCADE,
        related_name="stakeholders",
        verbose_name=_("plan"),
    )
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("internal or external"), max_length=10, choices=Scope.choices)
    sector = models.CharField(_("public or private"), max_length=10, choices=Sector.choices)
    interest = models.PositiveSmallIntegerField(_("interest (1-5)"))
    influence = models.PositiveSmallIntegerField(_("influence (1-5)"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    notes = models.TextField(_("notes"), blank=True)
    action_lines = models.ManyToManyField(
        "strategy.ActionLine",
        related_name="stakeholders",
        blank=True,
        verbose_name=_("action lines it motivates"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(m2m_fields=[action_lines])

    class Meta:
        ordering = ["plan", "-influence", "-interest", "name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interest__gte=1, interest__lte=5),
                name="stakeholder_interest_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5),
                name="stakeholder_influence_1_5",
            ),
            models.UniqueConstraint(fields=["plan", "name"], name="unique_stakeholder_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quadrant(self) -> str:
        """Classic power/interest grid: manage closely, keep satisfied, keep informed, monitor."""
        high_influence, high_interest = self.influence >= 3, self.interest >= 3
        if high_influence and high_interest:
            return "manage_closely"
        if high_influence:
            return "keep_satisfied"
        if high_interest:
            return "keep_informed"
        return "monitor"
