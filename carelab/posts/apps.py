from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "carelab.posts"
    label = "posts"
