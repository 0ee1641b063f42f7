from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Agreement, Attendance, Body, FollowUp, Meeting, Member, MemberEntity


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code"]


@admin.register(MemberEntity)
class MemberEntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "adhesion_date"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["person_name", "entity", "body", "role", "term_start", "term_end"]
    list_filter = ["body", "role"]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 1


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "body", "title"]
    list_filter = ["body"]
    inlines = [AgendaInline, AttendanceInline]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "kind", "result", "is_public"]
    list_filter = ["kind", "result", "is_public"]
    search_fields = ["number", "title"]
    inlines = [FollowUpInline]
    # A plan-approval agreement must go through services.agreement_record (it approves the plan).
    readonly_fields = ["kind", "plan", "result"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agreement", "due_date", "status"]
    list_filter = ["status"]
