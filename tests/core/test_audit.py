"""Audit trail: history page (who, when, before, after) and restore, with permissions."""

from __future__ import annotations

import pytest
from django.utils import formats, translation
from django.utils.timezone import localtime

from localret.core.audit import versions
from localret.territory.models import Contact, Municipality, MunicipalProfile
from localret.territory.services import profile_update

from ..conftest import VIC, client_for, speaking

pytestmark = pytest.mark.django_db

ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
VIEW_STATUS = {
    "admin": 200,
    "staff": 200,
    "board": 403,
    "vic": 403,
    "olot": 403,
    "collaborator": 403,
    "public": 302,
}
RESTORE_STATUS = {**VIEW_STATUS, "admin": 302, "staff": 403}


@pytest.fixture
def edited_profile(users) -> MunicipalProfile:
    """Vic's profile written by the Vic user, then changed by staff."""
    municipality = Municipality.objects.get(code=VIC)
    contact = {"name": "Anna Vila", "role": "dpo", "email": "anna@vic.cat", "phone": ""}
    profile_update(municipality=municipality, contacts=[contact], notes="v1 notes", by=users["vic"])
    changed = {**contact, "email": "dpo@vic.cat"}
    return profile_update(
        municipality=municipality, contacts=[changed], notes="v2 notes", by=users["staff"]
    )


def history_url(obj) -> str:
    return f"/historial/territory/{obj._meta.model_name}/{obj.pk}/"


@pytest.mark.parametrize("who", ROLES)
def test_history_page_only_for_staff_and_admin(users, edited_profile, who):
    response = client_for(users[who]).get(history_url(edited_profile))
    assert response.status_code == VIEW_STATUS[who]
    if who == "public":
        assert response["Location"].startswith("/comptes/entra/")


def test_history_page_shows_who_when_before_and_after(users, edited_profile):
    response = speaking(client_for(users["staff"]), "en").get(history_url(edited_profile))
    html = response.content.decode()
    entries = response.context["versions"]
    assert [e.user for e in entries] == [users["staff"], users["vic"]]
    assert [e.kind for e in entries] == ["~", "+"]
    newest = {c.field: (c.before, c.after) for c in entries[0].changes}
    assert newest["notes"] == ("v1 notes", "v2 notes")
    assert "v1 notes → v2 notes" in html
    assert users["vic"].username in html and users["staff"].username in html
    assert formats.date_format(localtime(entries[0].date), "SHORT_DATE_FORMAT") in html

    contact = Contact.objects.get(profile=edited_profile)
    response = client_for(users["admin"]).get(history_url(contact))
    changes = {c.field: (c.before, c.after) for c in response.context["versions"][0].changes}
    assert changes == {"email": ("anna@vic.cat", "dpo@vic.cat")}


@pytest.mark.parametrize("who", ROLES)
def test_only_admin_may_restore(users, edited_profile, who):
    oldest = versions(edited_profile)[-1]
    url = f"{history_url(edited_profile)}{oldest.history_id}/restaura/"
    response = client_for(users[who]).post(url)
    assert response.status_code == RESTORE_STATUS[who]
    edited_profile.refresh_from_db()
    assert edited_profile.notes == ("v1 notes" if who == "admin" else "v2 notes")


def test_restore_is_recorded_as_a_new_version_by_the_admin(users, edited_profile):
    oldest = versions(edited_profile)[-1]
    client = client_for(users["admin"])
    page = speaking(client, "en").get(history_url(edited_profile)).content.decode()
    assert f"/{oldest.history_id}/restaura/" in page
    response = client.post(f"{history_url(edited_profile)}{oldest.history_id}/restaura/")
    assert response["Location"] == history_url(edited_profile)
    newest = versions(edited_profile)[0]
    assert newest.user == users["admin"]
    assert newest.reason == f"restored version {oldest.history_id}"
    assert {c.field: (c.before, c.after) for c in newest.changes}["notes"] == (
        "v2 notes",
        "v1 notes",
    )
    assert len(versions(edited_profile)) == 3


def test_staff_sees_no_restore_button(users, edited_profile):
    html = client_for(users["staff"]).get(history_url(edited_profile)).content.decode()
    assert "/restaura/" not in html


def test_deleted_contact_keeps_its_history_and_can_be_restored(users, edited_profile):
    contact = Contact.objects.get(profile=edited_profile)
    profile_update(
        municipality=edited_profile.municipality, contacts=[], notes=None, by=users["staff"]
    )
    assert not Contact.objects.filter(pk=contact.pk).exists()
    client = client_for(users["admin"])
    response = client.get(history_url(contact))
    assert response.status_code == 200
    assert response.context["deleted"] is True
    entries = response.context["versions"]
    assert [e.kind for e in entries] == ["-", "~", "+"]
    assert entries[0].user == users["staff"]
    client.post(f"{history_url(contact)}{entries[0].history_id}/restaura/")
    restored = Contact.objects.get(pk=contact.pk)
    assert (restored.name, restored.email) == ("Anna Vila", "dpo@vic.cat")
    assert versions(restored)[0].user == users["admin"]


def test_unknown_or_unaudited_objects_are_404(users, edited_profile):
    client = client_for(users["admin"])
    assert client.get("/historial/territory/nosuchmodel/1/").status_code == 404
    assert client.get("/historial/auth/permission/1/").status_code == 404  # not audited
    assert client.get("/historial/territory/municipalprofile/999999/").status_code == 404
    url = f"{history_url(edited_profile)}999999/restaura/"
    assert client.post(url).status_code == 404


def test_restore_needs_post(users, edited_profile):
    oldest = versions(edited_profile)[-1]
    url = f"{history_url(edited_profile)}{oldest.history_id}/restaura/"
    assert client_for(users["admin"]).get(url).status_code == 405


def test_a_version_of_another_object_cannot_be_restored_through_this_one(users, edited_profile):
    olot = profile_update(
        municipality=Municipality.objects.get(code="171143"),
        contacts=None,
        notes="Olot notes",
        by=users["staff"],
    )
    other_version = versions(olot)[0]
    url = f"{history_url(edited_profile)}{other_version.history_id}/restaura/"
    assert client_for(users["admin"]).post(url).status_code == 404
    edited_profile.refresh_from_db()
    assert edited_profile.notes == "v2 notes"


def test_history_shows_field_labels_and_readable_values(users):
    """Issue 14: the change log names fields by their label and values by what they are (the
    related comarca's name), never ``comarca_id`` or an id."""
    from localret.territory.models import Comarca

    vic = Municipality.objects.get(code=VIC)
    old, new = vic.comarca, Comarca.objects.exclude(pk=vic.comarca_id).order_by("name").first()
    vic.save()
    vic.comarca = new
    vic.save()
    with translation.override("ca"):
        change = next(c for c in versions(vic)[0].changes if c.field.startswith("comarca"))
    assert (change.before_text, change.after_text) == (old.name, new.name)
    assert change.label.lower() == str(Municipality._meta.get_field("comarca").verbose_name).lower()
    html = client_for(users["staff"]).get(history_url(vic)).content.decode()
    assert f"{old.name} → {new.name}" in html
    assert "comarca_id" not in html and f"{old.pk} → {new.pk}" not in html
