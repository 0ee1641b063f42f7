from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role


class UserHistory(HistoricalRecords):
    """The users' history: a save that writes only fields kept out of it (``last_login``, which
    Django writes at every log-in) records no version."""

    def post_save(
        self, instance: models.Model, created: bool, using: Any = None, **kwargs: Any
    ) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MUNICIPAL)
    municipalities: models.ManyToManyField = models.ManyToManyField(
        "territory.Municipality",
        through="Membership",
        related_name="members",
        blank=True,
        verbose_name=_("municipalities"),
    )
    # Role, active flag, names, e-mail... are audited; the password hash and the log-in time
    # never go into the history.
    history = UserHistory(excluded_fields=["password", "last_login"])
    # The history page (core/audit_views.py) of a user also lists their memberships' changes,
    # and is for administrators only.
    audit_related = (("accounts.Membership", "user", "municipality"),)
    audit_admin_only = True

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    since = models.DateField(_("since"), auto_now_add=True)
    history = HistoricalRecords()
    audit_admin_only = True

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.municipality}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_expiry() -> dt.datetime:
    """When a token created now expires: ``LOCALRET_TOKEN_DAYS`` days (default 90) from now."""
    return timezone.now() + dt.timedelta(days=settings.LOCALRET_TOKEN_DAYS)


class ApiToken(models.Model):
    """An API token. Only its SHA-256 hash is stored; the raw value is shown once.

    A token stops working when it expires (``expires_at``), when it is revoked, and when its
    user's password is changed or reset (every token of the user is then deleted)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=token_expiry)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)
