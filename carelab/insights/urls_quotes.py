"""Quotes: consent, redaction and approval."""

from django.urls import path

from carelab.insights.views import quotes as views

urlpatterns = [
    path("quotes/", views.quotes, name="quotes"),
    path("quotes/withdrawn/", views.withdrawn, name="quotes_withdrawn"),
    path("quotes/new/", views.quote_new, name="quote_new"),
    path("quotes/<int:pk>/", views.quote, name="quote"),
    path("quotes/<int:pk>/redact/", views.quote_redact, name="quote_redact"),
    path("quotes/<int:pk>/approve/", views.quote_approve, name="quote_approve"),
    path("quotes/<int:pk>/publish/", views.quote_publish, name="quote_publish"),
    path("quotes/<int:pk>/unpublish/", views.quote_unpublish, name="quote_unpublish"),
    path("quotes/<int:pk>/remove/", views.quote_remove, name="quote_remove"),
]
