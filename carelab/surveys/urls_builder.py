"""Survey URLs for the lab team's builder, import and export; see urls.py."""

from django.urls import path

from carelab.surveys.views import builder as views

# Fixed paths come before <survey_slug>/; actions.builder.RESERVED_SLUGS keeps surveys from taking them.
urlpatterns = [
    path("team/", views.team_list, name="team_list"),
    path("team/new/", views.survey_create, name="create"),
    path("team/upload/", views.upload, name="upload"),
    path("team/<slug:survey_slug>/", views.team_detail, name="team_detail"),
    path("team/<slug:survey_slug>/xlsform/", views.download, name="download"),
    path("team/<slug:survey_slug>/settings/", views.settings, name="settings"),
    path("team/<slug:survey_slug>/status/", views.set_status, name="status"),
    path("team/<slug:survey_slug>/publish/", views.publish, name="publish"),
    path("team/<slug:survey_slug>/sections/new/", views.section_add, name="section_add"),
    path("team/<slug:survey_slug>/sections/<int:index>/", views.section_edit, name="section_edit"),
    path("team/<slug:survey_slug>/sections/<int:index>/delete/", views.section_delete, name="section_delete"),
    path("team/<slug:survey_slug>/sections/<int:index>/move/", views.section_move, name="section_move"),
    path("team/<slug:survey_slug>/sections/<int:index>/questions/new/", views.question_add, name="question_add"),
    path("team/<slug:survey_slug>/instruments/new/", views.instrument_add, name="instrument_add"),
    path("team/<slug:survey_slug>/questions/<str:name>/", views.question_edit, name="question_edit"),
    path("team/<slug:survey_slug>/questions/<str:name>/move/", views.question_move, name="question_move"),
    path("team/<slug:survey_slug>/questions/<str:name>/delete/", views.question_delete, name="question_delete"),
    path("team/<slug:survey_slug>/questions/<str:name>/section/", views.question_section, name="question_section"),
    path("team/<slug:survey_slug>/preview/", views.preview, name="preview"),
    path("team/<slug:survey_slug>/preview/<int:number>/", views.preview_section, name="preview_section"),
    path("team/<slug:survey_slug>/preview/end/", views.preview_end, name="preview_end"),
]
