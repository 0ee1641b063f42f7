"""factory_boy factories for the core app's own tables (demo loads and data versions)."""

from __future__ import annotations

import factory

from localret.core.models import DataVersion, DemoLoad


class DemoLoadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemoLoad

    app = factory.Sequence(lambda n: f"demo_prova_{n}")
    seed = 2026


class DataVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataVersion

    domain = factory.Sequence(lambda n: f"domini_prova_{n}")
    version = 1
    nonce = factory.Sequence(lambda n: f"{n:016x}")
