from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "carelab.improvement"
    label = "improvement"
    verbose_name = "Testing ideas: test teams and measures"
