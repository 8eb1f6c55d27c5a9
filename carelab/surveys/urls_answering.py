"""Survey URLs for answering; see urls.py. Anyone may answer an open survey, signed in or not."""

from django.urls import path

from carelab.surveys.views import answering

urlpatterns = [
    path("<slug:survey_slug>/", answering.start, name="start"),
    path("<slug:survey_slug>/section/<int:number>/", answering.section, name="section"),
    path("<slug:survey_slug>/check/", answering.check, name="check"),
    path("<slug:survey_slug>/submit/", answering.submit, name="submit"),
    path("<slug:survey_slug>/done/", answering.confirmation, name="confirmation"),
    path("<slug:survey_slug>/resume/<str:token>/", answering.resume, name="resume"),
    path("<slug:survey_slug>/email-link/", answering.email_link, name="email_link"),
]
