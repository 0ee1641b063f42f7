"""Writes on accounts: users, memberships, API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from localret.core.audit import audited_save

from .models import ApiToken, Membership, User, hash_token, token_expiry
from .roles import Role


class IssuedToken(NamedTuple):
    raw: str  # shown once; only its hash is stored
    expires_at: dt.datetime


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str = Role.MUNICIPAL,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    municipality_codes: list[str] | tuple[str, ...] = (),
    by: Any = None,
) -> User:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; expected one of {', '.join(Role.values)}")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    audited_save(user, by)
    for code in municipality_codes:
        municipality = municipality_model().objects.get(code=code)
        membership = Membership(user=user, municipality=municipality)
        audited_save(membership, by)
    return user


def municipality_model() -> Any:
    """territory's ``Municipality``, reached through the membership's foreign key: accounts
    sits below territory in the layers (pyproject.toml) and does not import it."""
    return Membership._meta.get_field("municipality").related_model


def token_issue(*, user: User, name: str = "") -> IssuedToken:
    """Create a token for the user: its raw value (shown once, stored hashed) and when it
    expires (``LOCALRET_TOKEN_DAYS`` from now). The user's expired tokens are removed."""
    ApiToken.objects.filter(user=user, expires_at__lte=timezone.now()).delete()
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:8],
        key_hash=hash_token(raw),
        expires_at=token_expiry(),
    )
    return IssuedToken(raw, token.expires_at)


def token_create(*, user: User, name: str = "") -> str:
    """Create a token for the user and return its raw value (see :func:`token_issue`)."""
    return token_issue(user=user, name=name).raw


def token_revoke(*, raw: str) -> bool:
    """Revoke (delete) the token whose raw value is ``raw``; False when there was none."""
    deleted, _ = ApiToken.objects.filter(key_hash=hash_token(raw)).delete()
    return deleted > 0


def user_tokens_revoke(*, user: User) -> int:
    """Revoke every API token of the user (after a password change or reset): the number."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def user_for_token(raw: str) -> User | None:
    """The active user a token belongs to, or None (unknown, expired or inactive user).

    An expired token is removed when it is presented."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        ApiToken.objects.filter(pk=token.pk).delete()
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
