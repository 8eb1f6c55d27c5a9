"""The coding and insights pages, one module per part, all named in the "insights" namespace."""

from django.urls import include, path

app_name = "insights"

urlpatterns = [
    path("", include("carelab.insights.urls_coding")),  # the codebook, coders, sources and coding
    path("", include("carelab.insights.urls_suggestions")),  # theme and code suggestions
    path("", include("carelab.insights.urls_analysis")),  # agreement between coders and counts by respondent group
    path("", include("carelab.insights.urls_insights")),  # themes, areas, insights, public insight pages
    path("", include("carelab.insights.urls_quotes")),  # quotes: consent, redaction and approval
    path("", include("carelab.insights.urls_exchange")),  # REFI-QDA export and import
]
