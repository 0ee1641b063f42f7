from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "localret.core"
    label = "core"

    def ready(self) -> None:
        from . import versions

        versions.install()
