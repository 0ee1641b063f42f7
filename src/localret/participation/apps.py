from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "localret.participation"
    label = "participation"

    def ready(self) -> None:
        try:
            from localret.strategy.hooks import on_plan_approved
        except ImportError:  # strategy's hooks not installed yet
            return
        from .services import freeze_on_approval

        on_plan_approved(freeze_on_approval)
