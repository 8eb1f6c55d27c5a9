"""Importing reference files."""

urlpatterns: list = []
