"""Writes on the register's municipal profiles (audited: who, when, before and after)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from localret.core.audit import audited_save, stamp

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
        audited_save(profile, by)
    elif notes is not None and notes != profile.notes:
        profile.notes = notes
        audited_save(profile, by)
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
            audited_save(contact, by)
        for extra in existing[len(contacts) :]:
            stamp(extra, by)
            extra.delete()
    return profile
