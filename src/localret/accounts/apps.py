from __future__ import annotations

import datetime as dt

from django.apps import AppConfig


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


class AccountsConfig(AppConfig):
    name = "localret.accounts"
    label = "accounts"

    def ready(self) -> None:
        from localret.core.api import provide_token_user
        from localret.core.demo import register_demo

        from .services import user_for_token

        # core's API authentication asks accounts for a token's user (core sits below).
        provide_token_user(user_for_token)
        register_demo("accounts", _load_demo, order=10)
