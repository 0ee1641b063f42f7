from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "localret.territory"
    label = "territory"
