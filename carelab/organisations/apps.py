from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "carelab.organisations"
    label = "organisations"
