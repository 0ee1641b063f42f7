from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "localret.core"
    label = "core"
