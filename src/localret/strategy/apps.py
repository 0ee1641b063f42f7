from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "localret.strategy"
    label = "strategy"
