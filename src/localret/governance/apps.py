from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "localret.governance"
    label = "governance"
