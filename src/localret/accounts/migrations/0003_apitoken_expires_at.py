# API tokens expire (LOCALRET_TOKEN_DAYS after they are issued; existing tokens: from now).

import localret.accounts.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=localret.accounts.models.token_expiry, verbose_name="expires at"
            ),
        ),
    ]
