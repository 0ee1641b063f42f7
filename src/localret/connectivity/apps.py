from django.apps import AppConfig


class ConnectivityConfig(AppConfig):
    name = "localret.connectivity"
    label = "connectivity"

    def ready(self) -> None:
        from .computed import register_all

        register_all()
