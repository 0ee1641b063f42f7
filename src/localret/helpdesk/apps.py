from __future__ import annotations

import datetime as dt

from django.apps import AppConfig


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


class HelpdeskConfig(AppConfig):
    name = "localret.helpdesk"
    label = "helpdesk"

    def ready(self) -> None:
        from localret.core.demo import register_demo

        from . import computed, notifications

        computed.register_all()
        notifications.register_hooks()
        register_demo("helpdesk", _load_demo, order=90)
