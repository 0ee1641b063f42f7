"""Digital maturity (Objective 1): model, campaigns, assessments, roadmaps, services, projects.

Writes go through ``services.py``; reads through ``selectors.py``. Every domain model is audited
(``history``).
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MaturityModel(models.Model):
    """A version of the maturity model. A campaign and its assessments keep the version used."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("maturity model")
        verbose_name_plural = _("maturity models")

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Dimension(models.Model):
    model = models.ForeignKey(
        MaturityModel,
        on_delete=models.CASCADE,
        related_name="dimensions",
        verbose_name=_("maturity model"),
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3, default=1)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["model", "position", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="unique_dimension_code"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="dimension_weight_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class MaturityIndicator(models.Model):
    class Kind(models.TextChoices):
        CHECK = "check", _("Yes/no check")
        RATIO = "ratio", _("Activity per 1,000 inhabitants")
        SELF = "self", _("Self-assessment 0-4")

    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("dimension")
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3, default=1)
    # Population band codes (territory.bands) it applies to; empty list = every band.
    bands = models.JSONField(_("population bands"), default=list, blank=True)
    services = models.ManyToManyField(
        "maturity.Service", related_name="indicators", blank=True, verbose_name=_("services")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension__position", "position", "code"]
        verbose_name = _("maturity indicator")
        verbose_name_plural = _("maturity indicators")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="unique_mindicator_code"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="mindicator_weight_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def applies_to(self, band: str) -> bool:
        return not self.bands or band in self.bands


class Campaign(models.Model):
    """A round of assessments, e.g. "Diagnosi 2023", with the model version it uses."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    model = models.ForeignKey(
        MaturityModel, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("model")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    is_open = models.BooleanField(_("open for answers"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-opens_on"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """One municipality's assessment in a campaign. Validated assessments are immutable: a change
    means a new assessment (``revision`` + 1) of the same municipality and campaign."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        VALIDATED = "validated", _("Validated")

    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="maturity_assessments",
        verbose_name=_("municipality"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("campaign")
    )
    model = models.ForeignKey(
        MaturityModel,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("maturity model"),
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_on = models.DateField(_("validated on"), null=True, blank=True, db_index=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    # Scores of a validated assessment (recomputed for the whole campaign at each validation,
    # because activity ratios are percentiles within the band).
    overall = models.FloatField(_("overall score"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    dimension_scores = models.JSONField(_("dimension scores"), default=dict, blank=True)
    band = models.CharField(_("population band"), max_length=12, blank=True)
    band_percentile = models.FloatField(_("percentile in band"), null=True, blank=True)
    # A validated assessment replaced by a later validated revision of the same campaign.
    superseded = models.BooleanField(_("superseded"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-campaign__year", "municipality__search_name", "-revision"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "campaign", "revision"], name="unique_assessment_revision"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="assessment_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} · {self.campaign} (r{self.revision})"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


def evidence_path(instance: Answer, filename: str) -> str:
    """Private path under MEDIA_ROOT. Never served by a public URL: only through the evidence
    view, which checks permission."""
    name = PurePosixPath(filename).name[-80:]
    return f"private/maturity/evidence/{instance.assessment_id}/{uuid.uuid4().hex}_{name}"


class Answer(models.Model):
    """An answer: 0/1 for checks, 0-4 for self-assessments, the yearly count for ratios."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    indicator = models.ForeignKey(
        MaturityIndicator,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("indicator"),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    evidence_url = models.URLField(_("evidence URL"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_path, max_length=300, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__dimension__position", "indicator__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="unique_answer"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                name="answer_value_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.indicator.code}"


class Review(models.Model):
    """A submission, return (with comments) or validation of an assessment."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        VALIDATED = "validated", _("Validated")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.action}"


class Service(models.Model):
    """One of Localret's services (Objective 1)."""

    class Category(models.TextChoices):
        PLATFORMS = "platforms", _("Platforms")
        SECURITY = "security", _("Cybersecurity")
        PROCUREMENT = "procurement", _("Procurement")
        TRAINING = "training", _("Training")
        ADVICE = "advice", _("Advice")
        CONNECTIVITY = "connectivity", _("Connectivity")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    effort = models.PositiveSmallIntegerField(
        _("effort"), default=2, help_text=_("1 low, 2 medium, 3 high")
    )
    action_line = models.ForeignKey(
        "strategy.ActionLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="maturity_services",
        verbose_name=_("action line"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effort__gte=1, effort__lte=3), name="service_effort_1_3"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Adhesion(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="adhesions", verbose_name=_("service")
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.CASCADE,
        related_name="service_adhesions",
        verbose_name=_("municipality"),
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "municipality__search_name"]
        verbose_name = _("adhesion")
        verbose_name_plural = _("adhesions")
        constraints = [
            models.UniqueConstraint(fields=["service", "municipality"], name="unique_adhesion"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} → {self.service}"


class Roadmap(models.Model):
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.CASCADE,
        related_name="maturity_roadmaps",
        verbose_name=_("municipality"),
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="roadmaps", verbose_name=_("assessment")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        constraints = [
            models.UniqueConstraint(fields=["assessment"], name="unique_roadmap_per_assessment")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} · {self.assessment.campaign}"


class RoadmapItem(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        DONE = "done", _("Done")
        DISCARDED = "discarded", _("Discarded")

    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="items", verbose_name=_("roadmap")
    )
    indicator = models.ForeignKey(
        MaturityIndicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    impact = models.FloatField(_("impact"))
    effort = models.PositiveSmallIntegerField(_("effort"))
    priority = models.PositiveSmallIntegerField(_("priority"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["roadmap", "priority"]
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "indicator"], name="unique_roadmap_item"),
        ]

    def __str__(self) -> str:
        return f"{self.priority}. {self.indicator.code}"


class Project(models.Model):
    """An accompaniment project for one municipality (or a group) from agreed roadmap items."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(_("name"), max_length=200)
    municipalities = models.ManyToManyField(
        "territory.Municipality", related_name="maturity_projects", verbose_name=_("municipalities")
    )
    items = models.ManyToManyField(
        RoadmapItem, related_name="projects", blank=True, verbose_name=_("roadmap items")
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="maturity_projects",
        verbose_name=_("technician"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("accompaniment project")
        verbose_name_plural = _("accompaniment projects")

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.name


def document_path(instance: ProjectDocument, filename: str) -> str:
    name = PurePosixPath(filename).name[-80:]
    return f"private/maturity/projects/{instance.project_id}/{uuid.uuid4().hex}_{name}"


class ProjectDocument(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="documents", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")

    def __str__(self) -> str:
        return self.title
