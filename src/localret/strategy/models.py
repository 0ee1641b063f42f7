from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localret.core import formatting


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
    drafting = models.TextField(
        _("how it was drafted"),
        blank=True,
        help_text=_("How the plan was drafted: time, people who took part, diagnosis."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Status thresholds (see docs/progress.md): a node is "on track" when its actual progress
    # is at least on_track_ratio x the expected progress, "at risk" from at_risk_ratio.
    on_track_ratio = models.DecimalField(
        _("on-track ratio"), max_digits=4, decimal_places=3, default=Decimal("0.900")
    )
    at_risk_ratio = models.DecimalField(
        _("at-risk ratio"), max_digits=4, decimal_places=3, default=Decimal("0.700")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_ref = models.CharField(_("approval agreement"), max_length=100, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closure_ref = models.CharField(_("closure agreement"), max_length=100, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("copied from"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="plan_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(at_risk_ratio__gte=0)
                & models.Q(at_risk_ratio__lte=models.F("on_track_ratio"))
                & models.Q(on_track_ratio__lte=1),
                name="plan_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanValue(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="values", verbose_name=_("plan")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self) -> str:
        return self.name


class StrategicObjective(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("plan")
    )
    code = models.CharField(_("code"), max_length=10)  # OE1, OE2...
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
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
        StrategicObjective,
        on_delete=models.CASCADE,
        related_name="action_lines",
        verbose_name=_("objective"),
    )
    code = models.CharField(_("code"), max_length=10)  # 1.1, 1.2...
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
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


class Initiative(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        ON_HOLD = "on_hold", _("On hold")
        CANCELLED = "cancelled", _("Cancelled")

    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.CASCADE,
        related_name="initiatives",
        verbose_name=_("action line"),
    )
    code = models.CharField(_("code"), max_length=20)  # 1.1.1, 1.1.2...
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner (unit)"), max_length=120, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategy_initiatives",
        verbose_name=_("responsible staff member"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget_planned = models.DecimalField(
        _("planned budget (EUR)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    budget_executed = models.DecimalField(
        _("executed budget (EUR)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
    municipalities = models.ManyToManyField(
        "territory.Municipality",
        blank=True,
        related_name="strategy_initiatives",
        verbose_name=_("municipalities involved"),
    )
    history = HistoricalRecords(m2m_fields=[municipalities])

    class Meta:
        ordering = ["action_line", "position", "code"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(fields=["action_line", "code"], name="unique_initiative_code"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="initiative_weight_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(budget_planned__gte=0) & models.Q(budget_executed__gte=0),
                name="initiative_budget_gte_0",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


# An indicator's fields, declared once: what its form edits, what the services accept (with
# its place in the plan) and what a frozen version of the plan keeps (participation, minus
# the internal ones).
INDICATOR_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "range_low",
    "range_high",
    "plausible_low",
    "plausible_high",
    "cumulative",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "frequency",
    "source",
    "owner",
    "aggregation",
    "computed_key",
    "weight",
)


class Indicator(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")
        RANGE = "range", _("Keep within a range")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Every six months")
        YEARLY = "yearly", _("Yearly")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        MEAN = "mean", _("Mean")
        SHARE = "share", _("Share of municipalities (%)")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    range_low = models.DecimalField(
        _("range low"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    range_high = models.DecimalField(
        _("range high"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    plausible_low = models.DecimalField(
        _("lowest plausible value"),
        max_digits=24,
        decimal_places=8,
        null=True,
        blank=True,
        help_text=_("Empty: from the unit (0 for shares, counts and amounts)."),
    )
    plausible_high = models.DecimalField(
        _("highest plausible value"),
        max_digits=24,
        decimal_places=8,
        null=True,
        blank=True,
        help_text=_(
            "Empty: from the unit (100 for shares, 947 for municipalities). Widen it when a "
            "value may pass it, such as a budget execution above 100 %."
        ),
    )
    cumulative = models.BooleanField(
        _("cumulative (never goes back)"),
        default=False,
        help_text=_("A running total that cannot decrease, e.g. municipalities served so far."),
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    owner = models.CharField(_("owner (unit)"), max_length=120, blank=True)
    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("action line"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("initiative"),
    )
    aggregation = models.CharField(
        _("aggregation of municipal values"),
        max_length=8,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    computed_key = models.CharField(
        _("computed indicator"),
        max_length=100,
        blank=True,
        help_text=_("Key of a registered computed indicator; its values are not typed."),
    )
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(action_line__isnull=False, initiative__isnull=True)
                    | models.Q(action_line__isnull=True, initiative__isnull=False)
                ),
                name="indicator_attached_to_exactly_one",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="indicator_weight_gte_0"
            ),
            models.CheckConstraint(
                condition=~models.Q(direction="range")
                | (
                    models.Q(range_low__isnull=False)
                    & models.Q(range_high__isnull=False)
                    & models.Q(range_high__gte=models.F("range_low"))
                ),
                name="indicator_range_defined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Milestone(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("indicator")
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="unique_milestone_date")
        ]

    def __str__(self) -> str:
        day, value = formatting.date_short(self.date), formatting.number(self.value)
        return f"{self.indicator.code} {day}: {value}"


class Measurement(models.Model):
    # Its own data version (core/versions.py): a measurement entered leaves the cached plan
    # structure valid; only what reads measurements is computed again.
    data_domain = "strategy_measurements"

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    date = models.DateField(_("date"))
    # 8 decimal places: a value computed in a spreadsheet is kept as sent (strategy.plausibility)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=8)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategy_measurements",
        verbose_name=_("municipality"),
    )
    source = models.CharField(_("source note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategy_measurements",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "date", "municipality"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [models.Index(fields=["indicator", "date"], name="measurement_ind_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                condition=models.Q(municipality__isnull=True),
                name="unique_measurement_total",
            ),
            models.UniqueConstraint(
                fields=["indicator", "date", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="unique_measurement_municipal",
            ),
        ]

    def __str__(self) -> str:
        day, value = formatting.date_short(self.date), formatting.number(self.value)
        return f"{self.indicator_id} {day}: {value}"
