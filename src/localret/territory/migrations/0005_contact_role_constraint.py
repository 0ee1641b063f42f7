"""Contact roles: the four choices on the field and a check constraint (values converted in 0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0004_contact_role_choices"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="role",
            field=models.CharField(
                choices=[
                    ("digital_lead", "Digital-transformation lead"),
                    ("it", "IT contact"),
                    ("dpo", "Data protection officer"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=150,
                verbose_name="role",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcontact",
            name="role",
            field=models.CharField(
                choices=[
                    ("digital_lead", "Digital-transformation lead"),
                    ("it", "IT contact"),
                    ("dpo", "Data protection officer"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=150,
                verbose_name="role",
            ),
        ),
        migrations.AddConstraint(
            model_name="contact",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["digital_lead", "it", "dpo", "other"])),
                name="contact_role_known",
            ),
        ),
    ]
