"""The service-level targets shipped in ``helpdesk/data/service_levels.csv`` (staff edit them
afterwards on /peticions/nivells-de-servei/)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "service_levels.csv"


def load(apps, schema_editor):
    ServiceLevel = apps.get_model("helpdesk", "ServiceLevel")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ServiceLevel.objects.update_or_create(
                kind=row["kind"],
                priority=row["priority"],
                defaults={
                    "first_answer_days": int(row["first_answer_days"]),
                    "resolution_days": int(row["resolution_days"]),
                },
            )


def unload(apps, schema_editor):
    apps.get_model("helpdesk", "ServiceLevel").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
