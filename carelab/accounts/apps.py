from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carelab.accounts"
    label = "accounts"
