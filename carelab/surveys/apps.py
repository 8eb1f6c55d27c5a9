from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "carelab.surveys"
    label = "surveys"
