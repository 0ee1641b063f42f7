from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


def _municipality_section(request: HttpRequest, municipality: Any) -> dict[str, Any] | None:
    from .views import municipality_section  # imported when the page is drawn

    return municipality_section(request, municipality)


class ConnectivityConfig(AppConfig):
    name = "localret.connectivity"
    label = "connectivity"

    def ready(self) -> None:
        from localret.core.demo import register_demo
        from localret.territory.interface import register_section

        from .computed import register_all

        register_all()
        register_demo("connectivity", _load_demo, order=70)
        register_section("connectivity", _municipality_section, order=20)
