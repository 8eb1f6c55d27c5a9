"""The library: search, items, attachments, export."""

urlpatterns: list = []
