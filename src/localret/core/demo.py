"""Demo data: deterministic from a seed, labelled as demo wherever shown.

Each app may have a ``demo`` module with ``load(*, seed: int, today: datetime.date) -> str``
that creates its demo data (in one transaction) and returns a one-line summary. Apps are loaded
in ``DEMO_APPS`` order, once each: running the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.db import transaction

DEMO_PASSWORD = "localret-demo"  # noqa: S105 - the documented public demo password
DEMO_SEED = 2020
DEMO_APPS = (
    "accounts",
    "strategy",
    "diagnosis",
    "participation",
    "maturity",
    "innovation",
    "connectivity",
    "governance",
    "helpdesk",
    "reporting",
)


def ensure_register() -> str:
    from localret.territory.importer import register_import
    from localret.territory.models import Municipality

    if Municipality.objects.count() >= 947:
        return "register already loaded"
    result = register_import(data_dir=settings.LOCALRET_DATA_DIR)
    return f"register: {result.total} municipalities, {result.comarques} comarques"


def load_demo(
    *, seed: int = DEMO_SEED, today: dt.date | None = None, log: Callable[[str], None] = print
) -> None:
    from .models import DemoLoad

    today = today or dt.date.today()
    log(ensure_register())
    for app in DEMO_APPS:
        try:
            module = import_module(f"localret.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"localret.{app}.demo":
                continue
            raise
        if DemoLoad.objects.filter(app=app).exists():
            log(f"{app}: demo data already loaded")
            continue
        with transaction.atomic():
            summary = module.load(seed=seed, today=today)
            DemoLoad.objects.create(app=app, seed=seed)
        log(f"{app}: {summary}")
    # The plan's computed indicators read every app's data: snapshot them once, at the end.
    if not DemoLoad.objects.filter(app="strategy-computed").exists():
        from localret.strategy.demo import snapshot_computed

        with transaction.atomic():
            summary = snapshot_computed(today=today)
            DemoLoad.objects.create(app="strategy-computed", seed=seed)
        log(f"strategy: {summary}")
