from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "localret.innovation"
    label = "innovation"
