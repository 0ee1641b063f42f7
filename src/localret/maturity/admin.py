from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Adhesion,
    Assessment,
    Campaign,
    Dimension,
    MaturityIndicator,
    MaturityModel,
    Milestone,
    Project,
    Service,
)


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


@admin.register(MaturityModel)
class MaturityModelAdmin(SimpleHistoryAdmin):
    list_display = ("version", "name", "created_at")
    inlines = [DimensionInline]


@admin.register(MaturityIndicator)
class MaturityIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "weight", "dimension")
    list_filter = ("dimension__model", "kind")
    search_fields = ("code", "name")


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "model", "is_open", "is_demo")


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "campaign", "revision", "status", "overall", "level")
    list_filter = ("campaign", "status")
    search_fields = ("municipality__name", "municipality__code")
    raw_id_fields = ("municipality",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Validated assessments are immutable (a change is a new revision).
        if obj is not None and obj.status == Assessment.Status.VALIDATED:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "category", "effort", "action_line", "is_active")


@admin.register(Adhesion)
class AdhesionAdmin(SimpleHistoryAdmin):
    list_display = ("service", "municipality", "since", "until")
    list_filter = ("service",)
    raw_id_fields = ("municipality",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("name", "status", "technician", "start_date", "end_date")
    list_filter = ("status",)
    inlines = [MilestoneInline]
    filter_horizontal = ("municipalities",)
