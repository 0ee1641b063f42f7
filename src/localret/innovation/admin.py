from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Evaluation, Idea, Offer, Pilot, SuccessCriterion


@admin.register(Pilot)
class PilotAdmin(SimpleHistoryAdmin):
    list_display = ("name", "stage", "start_date", "budget", "is_public", "is_demo")
    list_filter = ("stage", "is_public", "is_demo")
    search_fields = ("name",)


@admin.register(Idea)
class IdeaAdmin(SimpleHistoryAdmin):
    list_display = ("title", "source", "municipality", "status", "created_at")
    list_filter = ("status", "source")


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("pilot", "started_on", "decision", "decided_on")
    readonly_fields = ("decision", "decided_on", "decided_by")


@admin.register(Offer)
class OfferAdmin(SimpleHistoryAdmin):
    list_display = ("pilot", "municipality", "status", "offered_on", "adopted_on")
    list_filter = ("status",)


admin.site.register(SuccessCriterion, SimpleHistoryAdmin)
