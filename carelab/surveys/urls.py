"""Survey URLs, mounted at /labs/<slug>/surveys/. Each journey keeps its own list."""

from carelab.surveys.urls_answering import urlpatterns as answering
from carelab.surveys.urls_builder import urlpatterns as builder
from carelab.surveys.urls_results import urlpatterns as results

app_name = "surveys"

# Team pages (team/...) come before the answering pages, whose first part is a survey's slug.
urlpatterns = builder + results + answering
