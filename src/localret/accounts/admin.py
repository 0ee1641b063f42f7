from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from . import roles
from .models import ApiToken, Membership, User


def _only_administrators(request: HttpRequest) -> bool:
    """The Django admin is for Localret administrators only, whatever a user's ``is_staff``
    flag says: staff (technicians), Board and municipal users are sent to the admin log-in."""
    return roles.is_admin(request.user) and bool(request.user.is_active)


admin.site.has_permission = _only_administrators  # type: ignore[method-assign]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(User)
class LocalretUserAdmin(UserAdmin):
    list_display = ("username", "email", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Localret", {"fields": ("role",)}))  # type: ignore[misc]
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
