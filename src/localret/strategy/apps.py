from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


def _snapshot_computed(*, seed: int, today: dt.date) -> str:
    """The plan's computed indicators read every app's data: snapshot them once, at the end."""
    from .demo import snapshot_computed

    return snapshot_computed(today=today)


def _municipality_section(request: HttpRequest, municipality: Any) -> dict[str, Any] | None:
    from .views import municipality_section  # imported when the page is drawn

    return municipality_section(request, municipality)


class StrategyConfig(AppConfig):
    name = "localret.strategy"
    label = "strategy"

    def ready(self) -> None:
        from localret.core.demo import register_demo
        from localret.territory.interface import register_section

        register_demo("strategy", _load_demo, order=20)
        register_demo("strategy-computed", _snapshot_computed, order=1000)
        register_section("strategy", _municipality_section, order=40)
