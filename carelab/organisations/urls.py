from django.urls import path

from carelab.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
    path("team/", views.team_list, name="team_list"),
    path("team/new/", views.organisation_create, name="create"),
    path("team/<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("team/<int:pk>/delete/", views.organisation_delete, name="delete"),
    path("team/import/", views.import_csv, name="import"),
    path("team/import/organisations-template.csv", views.import_template, name="import_template"),
]
