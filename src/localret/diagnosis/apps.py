from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    name = "localret.diagnosis"
    label = "diagnosis"
