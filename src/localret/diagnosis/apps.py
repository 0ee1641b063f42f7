from __future__ import annotations

import datetime as dt

from django.apps import AppConfig


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


class DiagnosisConfig(AppConfig):
    name = "localret.diagnosis"
    label = "diagnosis"

    def ready(self) -> None:
        from localret.core.demo import register_demo

        register_demo("diagnosis", _load_demo, order=30)
