"""Innovation portfolio (Objective 2): ideas > pilots > evaluations > replication offers.

Every model that holds portfolio data is audited (django-simple-history). Writes go through
``services.py``; an evaluation is immutable once decided (enforced there).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localret.core import formatting


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")


class Idea(models.Model):
    """An idea for an innovation, proposed by Localret staff or by a municipality."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Localret staff")
        MUNICIPALITY = "municipality", _("Municipality")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted as a pilot")
        REJECTED = "rejected", _("Rejected")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovation_ideas",
        verbose_name=_("municipality"),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innovation_ideas",
        verbose_name=_("proposer"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source="municipality") | models.Q(municipality__isnull=False),
                name="idea_from_municipality_names_it",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Pilot(models.Model):
    """A pilot: a solution tried with a few municipalities against measurable hypotheses."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PILOT = "pilot", _("Pilot running")
        EVALUATION = "evaluation", _("Evaluation")
        SCALING = "scaling", _("Scaling")
        STOPPED = "stopped", _("Stopped")

    name = models.CharField(_("name"), max_length=200)
    idea = models.ForeignKey(
        Idea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pilots",
        verbose_name=_("idea"),
    )
    challenge = models.TextField(_("challenge"))
    solution = models.TextField(_("solution"))
    municipalities: models.ManyToManyField = models.ManyToManyField(
        "territory.Municipality",
        through="Participation",
        related_name="innovation_pilots",
        blank=True,
        verbose_name=_("participating municipalities"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    partners = models.TextField(_("partners"), blank=True, help_text=_("One partner per line."))
    action_line = models.ForeignKey(
        "strategy.ActionLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innovation_pilots",
        verbose_name=_("action line"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA, db_index=True
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown to the public and on municipal pages.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="pilot_budget_gte_0",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="pilot_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def partner_list(self) -> list[str]:
        return [p.strip() for p in self.partners.splitlines() if p.strip()]


class Participation(models.Model):
    """A municipality taking part in a pilot."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="participations", verbose_name=_("pilot")
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="innovation_participations",
        verbose_name=_("municipality"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pilot", "municipality__search_name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "municipality"], name="unique_pilot_participation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} @ {self.pilot}"


class SuccessCriterion(models.Model):
    """A hypothesis of the pilot as a measurable criterion: metric from baseline to target."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("pilot")
    )
    metric = models.CharField(_("metric"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=3)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=3)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["pilot", "position", "pk"]
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")

    def __str__(self) -> str:
        return self.metric


class Evaluation(models.Model):
    """One evaluation round of a pilot. Immutable once ``decided_at`` is set."""

    class Decision(models.TextChoices):
        SCALE = "scale", _("Scale")
        ITERATE = "iterate", _("Iterate")
        STOP = "stop", _("Stop")

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("pilot")
    )
    started_on = models.DateField(_("started on"))
    summary = models.TextField(_("summary"), blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pilot", "-started_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(decision="") & models.Q(decided_on__isnull=True))
                | (~models.Q(decision="") & models.Q(decided_on__isnull=False)),
                name="evaluation_decision_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pilot} ({formatting.date_short(self.started_on)})"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)


class CriterionResult(models.Model):
    """The value a criterion reached in one participating municipality."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="results", verbose_name=_("evaluation")
    )
    criterion = models.ForeignKey(
        SuccessCriterion,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("criterion"),
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "criterion__position", "municipality__search_name"]
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion", "municipality"], name="unique_criterion_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion} @ {self.municipality}: {self.value}"


class Offer(models.Model):
    """A scaled pilot offered to a municipality (usually from a replication recommendation)."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        ADOPTED = "adopted", _("Adopted")

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="offers", verbose_name=_("pilot")
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="innovation_offers",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    score = models.DecimalField(
        _("similarity score"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    reasons = models.TextField(_("why it was recommended"), blank=True)
    offered_on = models.DateField(_("offered on"))
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pilot", "-offered_on", "municipality__search_name"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "municipality"], name="unique_pilot_offer"),
            models.CheckConstraint(
                condition=~models.Q(status="adopted") | models.Q(adopted_on__isnull=False),
                name="offer_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot} → {self.municipality} ({self.status})"
