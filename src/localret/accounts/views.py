"""Password change and reset pages (Django's views, plus what a new password means here).

A new password revokes every API token of the user: whoever had one of them must ask for a new
token with the new password. The change is recorded in the user's history with its reason
(never the password hash).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy

from localret.core.audit import stamp

from .services import user_tokens_revoke


class PasswordChangeView(auth_views.PasswordChangeView):
    """Logged-in users (any role): change their own password; their API tokens are revoked and
    their session goes on."""

    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            form.user._change_reason = "password changed"
            response = super().form_valid(form)
            user_tokens_revoke(user=form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Anyone with a valid reset link from the e-mail: set a new password; the user's API
    tokens are revoked."""

    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            # Django's form saves the user: stamped as the user, through the e-mailed link.
            stamp(form.user, form.user, "password reset")
            response = super().form_valid(form)
            user_tokens_revoke(user=form.user)
        return response
