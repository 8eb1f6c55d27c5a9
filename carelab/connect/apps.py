from django.apps import AppConfig


class ConnectConfig(AppConfig):
    name = "carelab.connect"
    label = "connect"
