"""Writes on accounts: users, memberships, API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, Membership, User, hash_token
from .roles import Role


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
) -> User:
    from localret.territory.models import Municipality

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
    user.save()
    for code in municipality_codes:
        municipality = Municipality.objects.get(code=code)
        Membership.objects.create(user=user, municipality=municipality)
    return user


def token_create(*, user: User, name: str = "") -> str:
    """Create a token for the user and return its raw value (shown once, stored hashed)."""
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name=name, prefix=raw[:8], key_hash=hash_token(raw))
    return raw


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
