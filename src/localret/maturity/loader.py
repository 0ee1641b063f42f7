"""Load the default maturity model and services catalogue (``default_model.py``) into the
database. Idempotent: what exists already is left as it is. Used by the migration
``0002_default_model`` (with the historical app registry) and by
``localret load-maturity-model``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import default_model


def load_default_model(app_registry: Any = None) -> tuple[int, int]:
    """Create the default model version and the catalogue when missing.

    Returns (indicators created, services created)."""
    if app_registry is None:
        from django.apps import apps as app_registry
    maturity_model = app_registry.get_model("maturity", "MaturityModel")
    dimension_model = app_registry.get_model("maturity", "Dimension")
    indicator_model = app_registry.get_model("maturity", "MaturityIndicator")
    service_model = app_registry.get_model("maturity", "Service")

    services_created = 0
    services = {}
    for data in default_model.SERVICES:
        service, created = service_model.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "category": data["category"],
                "effort": data["effort"],
                "description": data["description"],
            },
        )
        services[service.code] = service
        services_created += int(created)

    model, created = maturity_model.objects.get_or_create(
        version=default_model.DEFAULT_VERSION,
        defaults={
            "name": "Model de maduresa digital municipal",
            "description": "Sis dimensions i 42 indicadors; vegeu docs/maturity.md.",
        },
    )
    if not created:
        return 0, services_created
    indicators_created = 0
    for d_pos, dim in enumerate(default_model.DIMENSIONS):
        dimension = dimension_model.objects.create(
            model=model,
            code=dim["code"],
            name=dim["name"],
            weight=Decimal(str(dim["weight"])),
            position=d_pos,
        )
        for i_pos, ind in enumerate(dim["indicators"]):
            indicator = indicator_model.objects.create(
                dimension=dimension,
                code=ind["code"],
                name=ind["name"],
                kind=ind["kind"],
                weight=Decimal(str(ind["weight"])),
                bands=ind["bands"] or [],
                position=i_pos,
            )
            indicator.services.set([services[c] for c in ind["services"]])
            indicators_created += 1
    return indicators_created, services_created
