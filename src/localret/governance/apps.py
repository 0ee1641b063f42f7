from __future__ import annotations

import datetime as dt

from django.apps import AppConfig


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


class GovernanceConfig(AppConfig):
    name = "localret.governance"
    label = "governance"

    def ready(self) -> None:
        from localret.core.demo import register_demo
        from localret.strategy.interface import provide_last_board_meeting

        from .selectors import previous_board_meeting

        # "What changed since the last Board meeting" (strategy) starts at the Board's last one.
        provide_last_board_meeting(previous_board_meeting)
        register_demo("governance", _load_demo, order=80)
