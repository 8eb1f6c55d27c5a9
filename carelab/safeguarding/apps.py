from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "carelab.safeguarding"
    label = "safeguarding"
