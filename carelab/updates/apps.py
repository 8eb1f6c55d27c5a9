from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "carelab.updates"
    label = "updates"
