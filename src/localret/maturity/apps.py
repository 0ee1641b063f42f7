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


class MaturityConfig(AppConfig):
    name = "localret.maturity"
    label = "maturity"

    def ready(self) -> None:
        from localret.core.demo import register_demo
        from localret.territory.interface import register_section

        from .computed import register_all

        register_all()
        register_demo("maturity", _load_demo, order=50)
        register_section("maturity", _municipality_section, order=10)
