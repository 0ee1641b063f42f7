"""Contacts of a municipal profile: the four roles and plausible phone numbers, the same in the
API and in the web form; free-text roles of before are converted (migration 0004)."""

from __future__ import annotations

import importlib
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from localret.core.audit import versions_of
from localret.territory.models import (
    ROLE_SYNONYMS,
    Contact,
    Municipality,
    MunicipalProfile,
    role_from_text,
)
from localret.territory.services import profile_update

from ..conftest import VIC, api_client, client_for, speaking

pytestmark = pytest.mark.django_db

PROFILE_API = f"/api/v1/municipalities/{VIC}/profile"
PROFILE_PAGE = f"/municipis/{VIC}/perfil/"
ROLES = ["digital_lead", "it", "dpo", "other"]
LABELS = {
    "en": ["Digital-transformation lead", "IT contact", "Data protection officer", "Other"],
    "ca": [
        "Responsable de transformació digital",
        "Contacte d'informàtica",
        "Delegat de protecció de dades",
        "Altres",
    ],
    "es": [
        "Responsable de transformación digital",
        "Contacto de informática",
        "Delegado de protección de datos",
        "Otro",
    ],
}
GOOD_PHONES = [
    "938862100",
    "938 862 100",
    "+34 938 862 100",
    "+34-938-86-21-00",
    "938.86.21.00",
    "(93) 886 21 00",
    "(+34) 938 862 100",
    "0034 938 862 100",
    "+1 (212) 555-0100",
    "123456789012345",
]
BAD_PHONES = [
    "1-----",
    "+34 938",
    "12345678",  # 8 digits
    "1234567890123456",  # 16 digits
    "call me",
    "938862100 ext 4",
    "++34 938 862 100",
    "938 862 100-",
    "93(8 862 100",
    "93) 886 (21 00",
    "938+862+100",
]


def patch(user, body):  # type: ignore[no-untyped-def]
    return api_client(user).patch(PROFILE_API, body, content_type="application/json")


def form_post(contact: dict[str, str], notes: str = "changed") -> dict[str, str]:
    data = {
        "notes": notes,
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "20",
    }
    data.update({f"contacts-0-{key}": value for key, value in contact.items()})
    return data


def saved_contacts() -> list[tuple[str, str, str]]:
    return list(
        Contact.objects.filter(profile__municipality__code=VIC).values_list("name", "role", "phone")
    )


# --- roles: API -------------------------------------------------------------------------------


def test_api_takes_each_of_the_four_roles(users):
    contacts = [{"name": f"P {r}", "role": r, "email": "", "phone": ""} for r in ROLES]
    response = patch(users["vic"], {"contacts": contacts})
    assert response.status_code == 200
    assert [c["role"] for c in response.json()["contacts"]] == ROLES
    assert [role for _, role, _ in saved_contacts()] == ROLES


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("DPO", "dpo"),
        (" dpo", "dpo"),
        ("IT", "it"),
        ("IT contact", "it"),
        ("Digital-transformation lead", "digital_lead"),
        ("digital lead", "digital_lead"),
        ("Delegat de protecció de dades", "dpo"),
    ],
)
def test_api_reads_the_usual_names_of_the_roles_as_their_codes(users, written, code):
    response = patch(users["vic"], {"contacts": [{"name": "Anna", "role": written}]})
    assert response.status_code == 200, response.content
    assert response.json()["contacts"][0]["role"] == code
    assert [role for _, role, _ in saved_contacts()] == [code]


@pytest.mark.parametrize("role", ["boss", "", "chief of everything"])
def test_api_refuses_any_other_role_naming_the_allowed_values(users, role):
    contacts = [
        {"name": "Anna", "role": "dpo"},
        {"name": "Pere", "role": role},
    ]
    response = patch(users["staff"], {"contacts": contacts, "notes": "not saved"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert list(errors) == ["contacts.1.role"]
    for allowed in ROLES:
        assert f"'{allowed}'" in errors["contacts.1.role"]
    assert not MunicipalProfile.objects.filter(municipality__code=VIC).exists()
    assert saved_contacts() == []


def test_openapi_schema_lists_the_roles(client):
    schema = client.get("/api/openapi.json").json()
    contact = schema["components"]["schemas"]["ContactSchema"]
    assert contact["properties"]["role"]["enum"] == ROLES


# --- roles: web form and pages ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_form_offers_the_roles_as_a_select_with_translated_labels(users, language):
    response = speaking(client_for(users["vic"]), language).get(PROFILE_PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<select name="contacts-0-role" id="id_contacts-0-role"' in html
    field = response.context["formset"].forms[0]["role"]
    options = [(str(value), str(label)) for value, label in field.field.choices]
    assert options[1:] == list(zip(ROLES, LABELS[language], strict=True))
    assert options[0][0] == ""
    for role, label in zip(ROLES, LABELS[language], strict=True):
        assert f'<option value="{role}">{label}</option>'.replace("'", "&#x27;") in html


def test_form_saves_the_chosen_role_and_pages_show_its_label(users):
    client = client_for(users["vic"])
    contact = {"name": "Pere", "role": "it", "email": "", "phone": "+34 972 26 01 00"}
    response = client.post(PROFILE_PAGE, form_post(contact))
    assert response.status_code == 302
    assert saved_contacts() == [("Pere", "it", "+34 972 26 01 00")]
    page = client.get(f"/municipis/{VIC}/").content.decode()
    assert "<td>Contacte d&#x27;informàtica</td>" in page
    assert "<td>it</td>" not in page
    page = speaking(client_for(users["vic"]), "es").get(f"/municipis/{VIC}/").content.decode()
    assert "<td>Contacto de informática</td>" in page
    edit = client.get(PROFILE_PAGE).content.decode()
    assert '<option value="it" selected>' in edit


@pytest.mark.parametrize("role,message", [("boss", "valid choice"), ("", "required")])
def test_form_refuses_an_unknown_or_missing_role(users, role, message):
    client = speaking(client_for(users["vic"]), "en")
    response = client.post(PROFILE_PAGE, form_post({"name": "Pere", "role": role}))
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors["role"]
    assert len(errors) == 1 and message in errors[0]
    assert 'id="id_contacts-0-role-error"' in response.content.decode()
    assert not MunicipalProfile.objects.filter(municipality__code=VIC).exists()


# --- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize("phone", GOOD_PHONES)
def test_plausible_phones_are_accepted_by_api_and_form(users, phone):
    response = patch(users["vic"], {"contacts": [{"name": "A", "role": "it", "phone": phone}]})
    assert response.status_code == 200, response.json()
    assert saved_contacts() == [("A", "it", phone)]
    response = client_for(users["vic"]).post(
        PROFILE_PAGE, form_post({"name": "B", "role": "dpo", "phone": f" {phone} "})
    )
    assert response.status_code == 302
    assert saved_contacts() == [("B", "dpo", phone)]


@pytest.mark.parametrize("phone", BAD_PHONES)
def test_implausible_phones_are_refused_by_api_and_form(users, phone):
    response = patch(users["vic"], {"contacts": [{"name": "A", "role": "it", "phone": phone}]})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["contacts.0.phone"]
    assert "9 to 15 digits" in errors[0]["message"]
    assert saved_contacts() == []

    response = speaking(client_for(users["vic"]), "en").post(
        PROFILE_PAGE, form_post({"name": "B", "role": "dpo", "phone": phone})
    )
    assert response.status_code == 200
    assert "9 to 15 digits" in response.context["formset"].forms[0].errors["phone"][0]
    assert 'id="id_contacts-0-phone-error"' in response.content.decode()
    assert saved_contacts() == []


def test_phone_error_is_translated_in_the_form(users):
    response = client_for(users["vic"]).post(
        PROFILE_PAGE, form_post({"name": "B", "role": "dpo", "phone": "1-----"})
    )
    assert response.status_code == 200
    assert "de 9 a 15 xifres" in response.context["formset"].forms[0].errors["phone"][0]


def test_a_phone_saved_under_the_old_rule_is_still_shown(users):
    profile_update(
        municipality=Municipality.objects.get(code=VIC),
        contacts=[{"name": "Old", "role": "it", "email": "", "phone": ""}],
        notes="",
        by=users["staff"],
    )
    Contact.objects.filter(name="Old").update(phone="1-----")
    response = api_client(users["vic"]).get(PROFILE_API)
    assert response.status_code == 200
    assert response.json()["contacts"][0]["phone"] == "1-----"


# --- free-text roles of before ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,role",
    [
        ("DPO", "dpo"),
        (" dpo ", "dpo"),
        ("Delegat de Protecció de Dades", "dpo"),
        ("IT", "it"),
        ("it", "it"),
        ("Informàtica", "it"),
        ("Responsable de transformació digital", "digital_lead"),
        ("digital_lead", "digital_lead"),
        ("Alcalde", "other"),
        ("Lead", "other"),
        ("", "other"),
    ],
)
def test_free_text_roles_are_read_sensibly(text, role):
    assert role_from_text(text) == role


@contextmanager
def free_text_roles_allowed():  # type: ignore[no-untyped-def]
    """Lift the role check constraint for this test, to write rows as they were before it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:  # PostgreSQL: undone by the test's rollback; deferred checks run first, as
            # PostgreSQL alters no table with pending trigger events
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE territory_contact DROP CONSTRAINT contact_role_known")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        try:
            yield
        finally:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA ignore_check_constraints = OFF")


def test_migration_converts_free_text_roles_and_records_it_in_the_history(users):
    migration = importlib.import_module("localret.territory.migrations.0004_contact_role_choices")
    assert migration.SYNONYMS == ROLE_SYNONYMS  # its copy reads roles as the model does
    texts = ["DPO", "IT", "Responsable de transformació digital", "Alcalde", "dpo"]
    profile_update(
        municipality=Municipality.objects.get(code=VIC),
        contacts=[{"name": f"P{i}", "role": "other"} for i in range(len(texts))],
        notes="",
        by=users["vic"],
    )
    with free_text_roles_allowed():
        for i, text in enumerate(texts):  # rows and versions as recorded before roles were fixed
            Contact.objects.filter(name=f"P{i}").update(role=text)
            Contact.history.filter(name=f"P{i}").update(role=text)
        state = MigrationLoader(connection).project_state(
            ("territory", "0004_contact_role_choices")
        )
        migration.convert_roles(state.apps, None)

    assert [role for _, role, _ in saved_contacts()] == [
        "dpo",
        "it",
        "digital_lead",
        "other",
        "dpo",
    ]
    dpo = Contact.objects.get(name="P0")
    newest, older = versions_of(Contact, dpo.pk)[:2]
    assert newest.reason == "role converted to a fixed value" and newest.kind == "~"
    assert newest.user is None
    assert [(c.field, c.before, c.after) for c in newest.changes] == [("role", "DPO", "dpo")]
    assert older.user == users["vic"]
    untouched = Contact.objects.get(name="P4")  # already a code: no new version
    assert len(versions_of(Contact, untouched.pk)) == 1


def test_restoring_a_version_with_a_free_text_role_converts_it(users):
    profile_update(
        municipality=Municipality.objects.get(code=VIC),
        contacts=[{"name": "Anna", "role": "other", "email": "a@vic.cat"}],
        notes="",
        by=users["vic"],
    )
    contact = Contact.objects.get(name="Anna")
    Contact.history.filter(id=contact.pk).update(role="DPO")  # as recorded before roles were fixed
    oldest = versions_of(Contact, contact.pk)[-1]
    response = client_for(users["admin"]).post(
        f"/historial/territory/contact/{contact.pk}/{oldest.history_id}/restaura/"
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.role == "dpo"
