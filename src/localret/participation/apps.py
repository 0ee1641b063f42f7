from __future__ import annotations

import datetime as dt

from django.apps import AppConfig


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


class ParticipationConfig(AppConfig):
    name = "localret.participation"
    label = "participation"

    def ready(self) -> None:
        from localret.core import hooks
        from localret.core.demo import register_demo

        from .services import freeze_on_approval

        hooks.plan_approved.connect(freeze_on_approval)
        register_demo("participation", _load_demo, order=40)
