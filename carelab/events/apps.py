from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "carelab.events"
    label = "events"
