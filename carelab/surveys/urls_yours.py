"""Changing your mind about sent survey answers, mounted at /survey-answers/ (any lab's surveys).

The list is for signed-in people; the other pages work signed out, for the person who has the
answers' reference and private code (carelab/surveys/views/yours.py).
"""

from django.urls import path

from carelab.surveys.views import yours

app_name = "survey_answers"

urlpatterns = [
    path("", yours.your_answers, name="list"),
    path("find/", yours.find, name="find"),
    path("deleted/", yours.deleted, name="deleted"),
    path("<str:reference>/", yours.manage, name="manage"),
    path("<str:reference>/code/<str:code>/", yours.open_link, name="open_link"),
    path("<str:reference>/delete/", yours.delete, name="delete"),
    path("<str:reference>/withdraw/<str:consent>/", yours.withdraw, name="withdraw"),
]
