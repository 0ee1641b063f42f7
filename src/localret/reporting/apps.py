from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _maturity_consents() -> frozenset[str]:
    from .models import PublicationConsent

    return frozenset(
        PublicationConsent.objects.filter(publish_maturity=True).values_list(
            "municipality__code", flat=True
        )
    )


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


def _transparency_section(request: HttpRequest, municipality: Any) -> dict[str, Any] | None:
    from .views import municipality_section  # imported when the page is drawn

    return municipality_section(request, municipality)


class ReportingConfig(AppConfig):
    name = "localret.reporting"
    label = "reporting"

    def ready(self) -> None:
        from localret.core import consent
        from localret.core.demo import register_demo
        from localret.strategy.interface import register_computed
        from localret.territory.interface import register_section

        from .territorial import computed_theil

        # The lower layers (strategy's indicators, maturity) read consent through this hook.
        consent.provide("maturity", _maturity_consents)
        register_demo("reporting", _load_demo, order=100)
        # The municipality's page links to its transparency page (the last block).
        register_section("reporting", _transparency_section, order=50)
        # Its key keeps the name it was first registered under (stored with the snapshots).
        register_computed(
            key="governance.territorial_balance_theil",
            label=str(_("Territorial balance of Localret's effort (Theil index, comarques)")),
            unit=str(_("index")),
            compute=computed_theil,
            aggregation="mean",
        )
