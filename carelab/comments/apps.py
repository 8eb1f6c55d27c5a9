from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "carelab.comments"
    label = "comments"
