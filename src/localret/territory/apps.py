from __future__ import annotations

import datetime as dt

from django.apps import AppConfig


def _load_register(*, seed: int, today: dt.date) -> str:
    """The register of the 947 municipalities, before any demo data (loaded once)."""
    from django.conf import settings

    from .importer import register_import
    from .models import Municipality

    if Municipality.objects.count() >= 947:
        return "register already loaded"
    result = register_import(data_dir=settings.LOCALRET_DATA_DIR)
    return f"register: {result.total} municipalities, {result.comarques} comarques"


class TerritoryConfig(AppConfig):
    name = "localret.territory"
    label = "territory"

    def ready(self) -> None:
        from localret.core.demo import register_demo

        register_demo("territory", _load_register, order=0)
