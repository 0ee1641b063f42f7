from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "localret.participation"
    label = "participation"
