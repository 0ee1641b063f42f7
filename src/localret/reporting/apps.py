from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "localret.reporting"
    label = "reporting"
