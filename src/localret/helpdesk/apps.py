from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "localret.helpdesk"
    label = "helpdesk"

    def ready(self) -> None:
        from . import computed, notifications

        computed.register_all()
        notifications.register_hooks()
