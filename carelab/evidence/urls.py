"""The evidence library pages, one module per part, all named in the "evidence" namespace."""

from django.urls import include, path

app_name = "evidence"

urlpatterns = [
    path("", include("carelab.evidence.urls_library")),  # the library: search, items, attachments, export
    path("", include("carelab.evidence.urls_imports")),  # importing reference files
    path("", include("carelab.evidence.urls_submissions")),  # stories and practice sent in, and the review
]
