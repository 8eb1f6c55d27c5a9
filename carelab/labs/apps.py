from django.apps import AppConfig


class LabsConfig(AppConfig):
    name = "carelab.labs"
    label = "labs"
