from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "carelab.insights"
    label = "insights"
    verbose_name = "Coding and insights"
