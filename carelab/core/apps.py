from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carelab.core"
    label = "core"
