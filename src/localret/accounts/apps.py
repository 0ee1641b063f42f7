from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "localret.accounts"
    label = "accounts"
