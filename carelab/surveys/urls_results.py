"""Survey URLs for results; see urls.py. Every page here is for the lab's team only."""

from django.urls import path

from carelab.surveys.views import removing, results

urlpatterns = [
    path("team/<slug:survey_slug>/results/", results.results, name="results"),
    path("team/<slug:survey_slug>/results/summary/", results.results_summary, name="results_summary"),
    path("team/<slug:survey_slug>/results/summary.csv", results.results_summary_csv, name="results_summary_csv"),
    path("team/<slug:survey_slug>/results/text/<str:question>/", results.free_text, name="free_text"),
    path("team/<slug:survey_slug>/export.csv", results.export_csv, name="export_csv"),
    path("team/<slug:survey_slug>/export.xlsx", results.export_xlsx, name="export_xlsx"),
    path("team/<slug:survey_slug>/codebook.csv", results.codebook, name="codebook"),
    path("team/<slug:survey_slug>/responses/", removing.responses, name="responses"),
    path("team/<slug:survey_slug>/responses/<str:reference>/remove/", removing.remove_response, name="remove_response"),
]
