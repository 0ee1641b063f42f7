from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "localret.governance"
    label = "governance"

    def ready(self) -> None:
        from localret.reporting.territorial import computed_theil
        from localret.strategy.computed import register
        from localret.strategy.hooks import provide_last_board_meeting

        from .selectors import previous_board_meeting

        # "What changed since the last Board meeting" (strategy) starts at the Board's last one.
        provide_last_board_meeting(previous_board_meeting)

        register(
            key="governance.territorial_balance_theil",
            label=str(_("Territorial balance of Localret's effort (Theil index, comarques)")),
            unit=str(_("index")),
            compute=computed_theil,
            aggregation="mean",
        )
