"""Quotes: consent, redaction and approval."""

urlpatterns: list = []
