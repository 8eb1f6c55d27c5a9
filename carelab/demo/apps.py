from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "carelab.demo"
    label = "demo"
