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


class HelpdeskConfig(AppConfig):
    name = "localret.helpdesk"
    label = "helpdesk"

    def ready(self) -> None:
        from localret.core.demo import register_demo
        from localret.territory.interface import register_section

        from . import computed, notifications

        computed.register_all()
        notifications.register_hooks()
        register_demo("helpdesk", _load_demo, order=90)
        register_section("helpdesk", _municipality_section, order=45)
