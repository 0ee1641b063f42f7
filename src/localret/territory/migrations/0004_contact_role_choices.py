"""Contact roles become one of four codes (digital_lead, it, dpo, other).

Existing free-text roles are converted (case and accents ignored): "DPO" -> "dpo", "IT" ->
"it", a few spelled-out names of the same roles likewise, anything else -> "other". Every
converted contact gets a new version in its history (reason "role converted to a fixed
value"), so the audit shows the old text before and the code after; earlier versions are
left as they were recorded. The choices and the check constraint follow in 0005 (its own
transaction: PostgreSQL refuses to alter a table with pending trigger events).
"""

import unicodedata

from django.db import migrations
from django.utils import timezone

# A copy of territory.models.ROLE_SYNONYMS as it was when this migration was written.
SYNONYMS = {
    "digital_lead": "digital_lead",
    "digital lead": "digital_lead",
    "digital-transformation lead": "digital_lead",
    "responsable de transformacio digital": "digital_lead",
    "responsable de transformacion digital": "digital_lead",
    "it": "it",
    "it contact": "it",
    "tic": "it",
    "informatica": "it",
    "dpo": "dpo",
    "dpd": "dpo",
    "data protection officer": "dpo",
    "delegat de proteccio de dades": "dpo",
    "delegado de proteccion de datos": "dpo",
    "other": "other",
}
REASON = "role converted to a fixed value"


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def convert_roles(apps, schema_editor):
    Contact = apps.get_model("territory", "Contact")
    HistoricalContact = apps.get_model("territory", "HistoricalContact")
    now = timezone.now()
    for contact in Contact.objects.all().order_by("pk"):
        role = SYNONYMS.get(_fold(contact.role), "other")
        if role == contact.role:
            continue
        contact.role = role
        contact.save(update_fields=["role"])
        HistoricalContact.objects.create(
            id=contact.pk,
            profile_id=contact.profile_id,
            name=contact.name,
            role=role,
            email=contact.email,
            phone=contact.phone,
            position=contact.position,
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
            history_user=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0003_register_history"),
    ]

    operations = [
        migrations.RunPython(convert_roles, migrations.RunPython.noop),
    ]
