from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "localret.maturity"
    label = "maturity"
