from django.apps import AppConfig


def _maturity_consents() -> frozenset[str]:
    from .models import PublicationConsent

    return frozenset(
        PublicationConsent.objects.filter(publish_maturity=True).values_list(
            "municipality__code", flat=True
        )
    )


class ReportingConfig(AppConfig):
    name = "localret.reporting"
    label = "reporting"

    def ready(self) -> None:
        from localret.core import consent

        # The lower layers (strategy's indicators, maturity) read consent through this hook.
        consent.provide("maturity", _maturity_consents)
