from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "carelab.participants"
    label = "participants"
    verbose_name = "Lab participants"
