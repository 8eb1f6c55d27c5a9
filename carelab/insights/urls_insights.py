"""Themes, areas of opportunity and insights, and the public insight pages."""

urlpatterns: list = []
