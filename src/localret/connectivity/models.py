"""Connectivity (Objective 3): coverage by area and year, deployments, candidate areas,
planner scenarios and import jobs.

Sizes: about 7,000 areas x 7 yearly vintages (~50,000 ``AreaCoverage`` rows), written with
``bulk_create``. Generated or imported coverage is not audited row by row (it is replaced as a
whole vintage); deployments, candidate overrides and scenarios are audited.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from localret.core.formatting import choice_label
from localret.territory.interface import Municipality

from .classification import NGA_CLASSES


class AreaClass(models.TextChoices):
    """The class of an area under a scheme (NGA, EU 2023): the labels people read."""

    WHITE = "white", pgettext_lazy("area class", "white")
    GREY = "grey", pgettext_lazy("area class", "grey")
    BLACK = "black", pgettext_lazy("area class", "black")


class Scheme(models.TextChoices):
    EU2023 = "eu2023", _("Gigabit (EU 2023)")
    NGA = "nga", _("NGA (30 Mbps)")


def change_label(before: str | None, after: str | None) -> str:
    """``grey→black`` as people read it: ``gris → negre``."""
    return f"{choice_label(AreaClass, before)} → {choice_label(AreaClass, after)}"


class SolverOutcome(models.TextChoices):
    """How a planner run ended (``planner.py``: optimal, time_limit, infeasible)."""

    OPTIMAL = "optimal", _("Optimal solution")
    TIME_LIMIT = "time_limit", _("Best solution found within the time limit")
    INFEASIBLE = "infeasible", _("No solution: the constraints cannot all be met")


class AreaKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Whole municipality")
    NUCLEUS = "nucleus", _("Nucleus")
    SCATTERED = "scattered", _("Scattered settlement")
    INDUSTRIAL = "industrial", _("Industrial estate")
    GRID = "grid", _("Grid cell")


class Settlement(models.TextChoices):
    """Settlement type used by the cost model (see costs.py and docs/connectivity.md)."""

    NUCLEUS = "nucleus", _("Nucleus")
    SCATTERED = "scattered", _("Scattered")
    INDUSTRIAL = "industrial", _("Industrial")


class CoverageVintage(models.Model):
    """One dataset of coverage: a year and a source (e.g. the ministry's yearly report)."""

    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=80)
    is_demo = models.BooleanField(_("demo data"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["year", "source"]
        verbose_name = _("coverage vintage")
        constraints = [
            models.UniqueConstraint(fields=["year", "source"], name="conn_vintage_year_source")
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.source}"


class Area(models.Model):
    """A municipality or a smaller area inside one (nucleus, scattered settlement, industrial
    estate, grid cell). ``code`` is the natural key used by imports and candidate sets."""

    code = models.CharField(_("area code"), max_length=40, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="connectivity_areas",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AreaKind.choices)
    name = models.CharField(_("name"), max_length=150, blank=True)
    households = models.PositiveIntegerField(_("households"), default=0)
    premises = models.PositiveIntegerField(_("premises"), default=0)
    settlement = models.CharField(
        _("settlement type"), max_length=12, choices=Settlement.choices, default=Settlement.NUCLEUS
    )
    rural = models.BooleanField(_("rural"), default=False)
    cost_per_premise_override = models.DecimalField(
        _("cost per premise override (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(excluded_fields=["households", "premises"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        indexes = [models.Index(fields=["municipality", "kind"])]

    def __str__(self) -> str:
        return self.name or self.code


class AreaCoverage(models.Model):
    """Coverage of one area in one vintage. ``covered_*`` count premises reached at >= 30 Mbps,
    >= 100 Mbps and >= 1 Gbps download; ``covered_gigabit`` those reached at the EU 2023
    target (1 Gbps down and 150 Mbps up); ``networks_*`` the distinct operators offering it."""

    vintage = models.ForeignKey(CoverageVintage, on_delete=models.CASCADE, related_name="rows")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="coverage")
    premises = models.PositiveIntegerField(_("premises"))
    covered_30 = models.PositiveIntegerField(default=0)
    covered_100 = models.PositiveIntegerField(default=0)
    covered_1000 = models.PositiveIntegerField(default=0)
    covered_gigabit = models.PositiveIntegerField(default=0)
    ftth = models.PositiveIntegerField(default=0)
    mobile_4g = models.PositiveIntegerField(default=0)
    mobile_5g = models.PositiveIntegerField(default=0)
    networks_30 = models.PositiveSmallIntegerField(default=0)
    networks_100 = models.PositiveSmallIntegerField(default=0)
    networks_1000 = models.PositiveSmallIntegerField(default=0)
    networks_gigabit = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("area coverage")
        constraints = [
            models.UniqueConstraint(fields=["vintage", "area"], name="conn_coverage_vintage_area"),
            models.CheckConstraint(
                condition=models.Q(covered_30__lte=models.F("premises"))
                & models.Q(covered_100__lte=models.F("covered_30"))
                & models.Q(covered_1000__lte=models.F("covered_100")),
                name="conn_coverage_nested",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.vintage_id}"


class Programme(models.TextChoices):
    UNICO = "unico", _("UNICO national calls")
    XOC = "xoc", _("Catalan public fibre network")
    MUNICIPAL = "municipal", _("Municipal")
    PRIVATE = "private", _("Private operator")
    OTHER = "other", _("Other")


class DeploymentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Deployment(models.Model):
    """A network deployment project. Passed premises feed the coverage forecast and the
    ``connectivity.premises_passed`` indicator."""

    name = models.CharField(_("name"), max_length=200)
    operator = models.CharField(_("operator"), max_length=120)
    programme = models.CharField(_("programme"), max_length=12, choices=Programme.choices)
    areas = models.ManyToManyField(Area, related_name="deployments", blank=True)
    premises_planned = models.PositiveIntegerField(_("premises planned"), default=0)
    premises_passed = models.PositiveIntegerField(_("premises passed"), default=0)
    cost_eur = models.DecimalField(_("cost (EUR)"), max_digits=14, decimal_places=2)
    public_funding_eur = models.DecimalField(
        _("public funding (EUR)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    status = models.CharField(_("status"), max_length=12, choices=DeploymentStatus.choices)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("deployment")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(public_funding_eur__lte=models.F("cost_eur")),
                name="conn_deployment_funding_le_cost",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CandidateSet(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("candidate set")

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """An area that a rollout could connect: its uncovered households and cost to connect.
    Staff may override the cost (``cost_override_eur``, with a note); history is kept."""

    candidate_set = models.ForeignKey(
        CandidateSet,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("candidate set"),
    )
    area_id_code = models.CharField(_("area id"), max_length=40)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    households = models.PositiveIntegerField(_("uncovered households"))
    cost_eur = models.DecimalField(_("cost (EUR)"), max_digits=14, decimal_places=2)
    cost_override_eur = models.DecimalField(
        _("cost override (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    override_note = models.CharField(_("override note"), max_length=200, blank=True)
    classification = models.CharField(
        _("classification"), max_length=8, choices=[(c, c) for c in NGA_CLASSES]
    )
    rural = models.BooleanField(_("rural"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate_set", "area_id_code"]
        verbose_name = _("candidate area")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate_set", "area_id_code"], name="conn_candidate_unique_area"
            )
        ]

    def __str__(self) -> str:
        return self.area_id_code

    @property
    def effective_cost(self) -> Decimal:
        return self.cost_override_eur if self.cost_override_eur is not None else self.cost_eur


class Scenario(models.Model):
    """A saved planner run: its parameters and its results (MILP and greedy)."""

    name = models.CharField(_("name"), max_length=120)
    candidate_set = models.ForeignKey(
        CandidateSet,
        on_delete=models.CASCADE,
        related_name="scenarios",
        verbose_name=_("candidate set"),
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scenario")

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """A (long) coverage import run by a background task; its progress is polled."""

    # Progress is written often and no public figure reads it (core/versions.py).
    data_domain = "connectivity_jobs"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=12, default="premises")
    filename = models.CharField(max_length=255)
    path = models.CharField(max_length=500)
    year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=80)
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100
    stage = models.CharField(max_length=120, blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class PlannerJob(models.Model):
    """A planner run done by the background worker (django-tasks): its parameters, how far it
    is (stage, percentage and the solver's figures while it branches), a heartbeat, and the
    saved scenario when it ends. ``services.planner_job_*`` write it; ``tasks.run_planner_job``
    runs it."""

    # Progress is written often and no public figure reads it (core/versions.py).
    data_domain = "connectivity_jobs"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Stage(models.TextChoices):
        """What the run is doing (the worker records the code, people read the label)."""

        QUEUED = "", _("waiting for the background worker")
        GREEDY = "greedy", _("greedy start")
        RELAXATION = "relaxation", _("solving the relaxation")
        MILP = "milp", _("optimising (branch and bound)")
        INFEASIBILITY = "infeasibility", _("looking for the rule that cannot be met")
        CURVE = "curve", _("households against budget")
        SAVING = "saving", _("saving the scenario")
        RETRY = "retry", _("trying again after a temporary failure")
        DONE = "done", _("finished")

    class Failure(models.TextChoices):
        """Why a job failed, as people read it."""

        NONE = "", ""
        CANCELLED = "cancelled", _("The run was cancelled.")
        WORKER_DIED = (
            "worker_died",
            _("The worker running this scenario stopped without finishing it. Run it again."),
        )
        TRANSIENT = (
            "transient",
            _(
                "The database was not available for a while and the run could not finish. "
                "Run it again."
            ),
        )
        ERROR = "error", _("The scenario could not be solved because of an unexpected error.")

    candidate_set = models.ForeignKey(
        CandidateSet, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("candidates")
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    figures = models.JSONField(
        _("solver figures"),
        default=dict,
        blank=True,
        help_text=_("Incumbent, best bound, gap and greedy objective while the solver runs."),
    )
    failure = models.CharField(
        _("failure"), max_length=12, choices=Failure.choices, blank=True, default=""
    )
    error = models.TextField(_("error"), blank=True)
    scenario = models.ForeignKey(
        Scenario,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("scenario"),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("Written by the worker as it solves; a running job silent for long is dead."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("planner run")
        verbose_name_plural = _("planner runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="planner_job_progress_lte_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name or self.candidate_set_id} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
