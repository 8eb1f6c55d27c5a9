"""Importing reference files."""

from django.urls import path

from carelab.evidence.views import imports

urlpatterns = [
    path("import/", imports.import_page, name="import"),
]
