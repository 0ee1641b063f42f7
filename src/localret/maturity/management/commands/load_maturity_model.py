from django.core.management.base import BaseCommand

from localret.maturity.loader import load_default_model


class Command(BaseCommand):
    help = "Load the default maturity model and Localret's services catalogue (idempotent)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        indicators, services = load_default_model()
        self.stdout.write(f"maturity model: {indicators} indicators, {services} services created")
