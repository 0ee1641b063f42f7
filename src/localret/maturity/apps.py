from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "localret.maturity"
    label = "maturity"

    def ready(self) -> None:
        from .computed import register_all

        register_all()
