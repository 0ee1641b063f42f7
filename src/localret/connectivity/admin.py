from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Area,
    Candidate,
    CandidateSet,
    CoverageVintage,
    Deployment,
    ImportJob,
    PlannerJob,
    Scenario,
)


@admin.register(Deployment)
class DeploymentAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "operator",
        "programme",
        "status",
        "premises_planned",
        "premises_passed",
    )
    list_filter = ("programme", "status", "is_demo")
    search_fields = ("name", "operator")
    filter_horizontal = ("areas",)


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "municipality", "kind", "households", "settlement")
    list_filter = ("kind", "settlement", "is_demo")
    search_fields = ("code", "name")
    raw_id_fields = ("municipality",)


@admin.register(CoverageVintage)
class CoverageVintageAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "is_demo", "imported_at")


@admin.register(CandidateSet)
class CandidateSetAdmin(admin.ModelAdmin):
    list_display = ("name", "is_demo", "updated_at")


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ("area_id_code", "candidate_set", "households", "cost_eur", "cost_override_eur")
    list_filter = ("candidate_set", "classification")
    search_fields = ("area_id_code",)
    raw_id_fields = ("municipality",)


@admin.register(Scenario)
class ScenarioAdmin(SimpleHistoryAdmin):
    list_display = ("name", "candidate_set", "created_at", "is_demo")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("filename", "status", "progress", "created_at")


@admin.register(PlannerJob)
class PlannerJobAdmin(admin.ModelAdmin):
    """Planner runs, read only: the worker and the planner pages write them (cancel and run
    again are on the run's page, ``connectivity:planner_job``)."""

    list_display = ("__str__", "candidate_set", "status", "stage", "progress", "created_at")
    list_filter = ("status", "failure")
    search_fields = ("name",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PlannerJob | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PlannerJob | None = None) -> bool:
        return False
