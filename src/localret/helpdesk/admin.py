from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Message, Request, ServiceLevel


@admin.register(ServiceLevel)
class ServiceLevelAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "priority", "first_answer_days", "resolution_days")
    list_editable = ("first_answer_days", "resolution_days")
    list_filter = ("kind", "priority")


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ("created_at", "author", "internal", "body")
    readonly_fields = ("created_at", "author")


@admin.register(Request)
class RequestAdmin(SimpleHistoryAdmin):
    list_display = ("pk", "subject", "municipality", "kind", "status", "priority", "opened_on")
    list_filter = ("status", "kind", "priority", "team")
    search_fields = ("subject", "municipality__name")
    raw_id_fields = (
        "municipality",
        "assignee",
        "action_line",
        "roadmap_item",
        "service",
        "project",
        "pilot",
        "created_adhesion",
        "created_project",
        "created_idea",
        "created_by",
    )
    readonly_fields = ("first_answer_due", "resolution_due", "paused_days", "waiting_since")
    inlines = [MessageInline]
