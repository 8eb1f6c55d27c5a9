from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "carelab.ideas"
    label = "ideas"
    verbose_name = "Ideas: how might we …?"
