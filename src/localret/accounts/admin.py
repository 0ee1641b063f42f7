from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from . import roles
from .models import ApiToken, Membership, User
from .services import user_tokens_revoke


def _only_administrators(request: HttpRequest) -> bool:
    """The Django admin is for Localret administrators only, whatever a user's ``is_staff``
    flag says: staff (technicians), Board and municipal users are sent to the admin log-in."""
    return roles.is_admin(request.user) and bool(request.user.is_active)


admin.site.has_permission = _only_administrators  # type: ignore[method-assign]


class PasswordSetForm(AdminPasswordChangeForm):
    """An administrator sets a user's password: as with the user's own change, every API token
    of the user is revoked."""

    def save(self, commit: bool = True) -> Any:
        self.user._change_reason = "password set by an administrator"
        user = super().save(commit=commit)
        if commit:
            user_tokens_revoke(user=user)
        return user


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(User)
class LocalretUserAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ("username", "email", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Localret", {"fields": ("role",)}))  # type: ignore[misc]
    inlines = [MembershipInline]
    change_password_form = PasswordSetForm
    history_list_display = ["role", "is_active"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "municipality", "since")
    list_select_related = ("user", "municipality")
    search_fields = ("user__username", "municipality__name", "municipality__code")
    autocomplete_fields = ["user", "municipality"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "expires_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
