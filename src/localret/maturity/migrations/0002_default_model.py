from django.db import migrations


def load(apps, schema_editor):
    from localret.maturity.loader import load_default_model

    load_default_model(apps)


class Migration(migrations.Migration):
    dependencies = [("maturity", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
