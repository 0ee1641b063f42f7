from django.apps import AppConfig


class ConnectivityConfig(AppConfig):
    name = "localret.connectivity"
    label = "connectivity"
