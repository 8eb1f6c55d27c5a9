"""REFI-QDA export and import."""

urlpatterns: list = []
