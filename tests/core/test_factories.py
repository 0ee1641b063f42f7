"""Every concrete model of the platform has a factory_boy factory in ``tests/<app>/factories.py``
whose ``create()`` saves a valid row (``full_clean()`` passes) that reads back."""

from __future__ import annotations

import importlib
import inspect

import factory
import pytest
from django.apps import apps
from django.db import models

LOCALRET_APPS = [
    c for c in apps.get_app_configs() if c.name.startswith("localret.") and c.models_module
]


def _is_historical(model: type[models.Model]) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "instance_type")


MODELS = sorted(
    (
        m
        for c in LOCALRET_APPS
        for m in c.get_models()
        if not m._meta.abstract and not m._meta.proxy and not _is_historical(m)
    ),
    key=lambda m: m._meta.label,
)


def _factories() -> dict[type[models.Model], list[type[factory.django.DjangoModelFactory]]]:
    found: dict[type[models.Model], list[type[factory.django.DjangoModelFactory]]] = {}
    for config in LOCALRET_APPS:
        module = importlib.import_module(f"tests.{config.label}.factories")
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, factory.django.DjangoModelFactory)
                and obj.__module__ == module.__name__
                and obj._meta.model is not None
            ):
                found.setdefault(obj._meta.model, []).append(obj)
    return found


FACTORIES = _factories()


def test_every_localret_app_is_walked() -> None:
    labels = {m._meta.app_label for m in MODELS}
    assert {"core", "accounts", "territory", "strategy", "maturity", "reporting"} <= labels
    assert not any(m.__name__.startswith("Historical") for m in MODELS)


def test_each_factory_lives_with_its_model_app() -> None:
    misplaced = [
        f"{f.__module__}.{f.__name__} -> {model._meta.label}"
        for model, fs in FACTORIES.items()
        for f in fs
        if f.__module__ != f"tests.{model._meta.app_label}.factories"
    ]
    assert misplaced == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_model_has_a_factory_that_creates_a_valid_row(model, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    assert model in FACTORIES, (
        f"{model._meta.label} has no factory in tests/{model._meta.app_label}/factories.py"
    )
    for factory_class in FACTORIES[model]:
        obj = factory_class.create()
        assert isinstance(obj, model)
        assert obj.pk is not None
        stored = model._default_manager.get(pk=obj.pk)
        stored.full_clean()
        assert str(stored)
