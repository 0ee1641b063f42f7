from django.db import models


class DemoLoad(models.Model):
    """Which app's demo data has been loaded (so that `localret demo` is idempotent)."""

    app = models.CharField(max_length=50, unique=True)
    seed = models.IntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.app} (seed {self.seed})"
