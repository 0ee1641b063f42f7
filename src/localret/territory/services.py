"""Writes on the register's municipal profiles (audited: who, when, before and after)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Contact, Municipality, MunicipalProfile


@transaction.atomic
def profile_update(
    *,
    municipality: Municipality,
    contacts: list[dict[str, str]] | None,
    notes: str | None,
    by: Any,
) -> MunicipalProfile:
    """Replace the contacts (when given) and the notes (when given) of a municipality's
    profile. Callers validate input first; this runs in one transaction."""
    profile = MunicipalProfile.objects.filter(municipality=municipality).first()
    if profile is None:
        # Created by this user (its first history record says who), with the notes given.
        profile = MunicipalProfile(municipality=municipality, notes=notes or "")
        profile._history_user = by  # type: ignore[attr-defined]
        profile.save()
    elif notes is not None and notes != profile.notes:
        profile.notes = notes
        profile._history_user = by  # type: ignore[attr-defined]
        profile.save()
    if contacts is not None:
        existing = list(profile.contacts.all())
        for position, data in enumerate(contacts):
            contact = existing[position] if position < len(existing) else Contact(profile=profile)
            new = {
                "name": data["name"],
                "role": data["role"],
                "email": data.get("email", "") or "",
                "phone": data.get("phone", "") or "",
                "position": position,
            }
            if contact.pk and all(getattr(contact, k) == v for k, v in new.items()):
                continue
            for k, v in new.items():
                setattr(contact, k, v)
            contact._history_user = by  # type: ignore[attr-defined]
            contact.save()
        for extra in existing[len(contacts) :]:
            extra._history_user = by  # type: ignore[attr-defined]
            extra.delete()
    return profile
