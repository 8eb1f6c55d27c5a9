"""Agreement between coders and counts by respondent group."""

from django.urls import path

from carelab.insights.views import analysis as views

urlpatterns = [
    path("coding/agreement/", views.agreement, name="agreement"),
    path("coding/groups/", views.groups, name="groups"),
]
