from django.db import models


class DemoLoad(models.Model):
    """Which app's demo data has been loaded (so that `localret demo` is idempotent)."""

    app = models.CharField(max_length=50, unique=True)
    seed = models.IntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.app} (seed {self.seed})"


class DataVersion(models.Model):
    """The data version of one domain (an app label), bumped in the transaction of every write
    to that domain's tables (core/versions.py). Cached values are keyed by it."""

    domain = models.CharField(max_length=50, primary_key=True)
    version = models.BigIntegerField(default=0)
    # Random on every bump: a counter value can come back after a rollback, a nonce cannot.
    nonce = models.CharField(max_length=16, default="")

    def __str__(self) -> str:
        return f"{self.domain} v{self.version}"
