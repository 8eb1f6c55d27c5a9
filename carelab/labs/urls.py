from django.urls import path

from carelab.labs import views

app_name = "labs"

urlpatterns = [
    path("", views.lab_home, name="home"),
    path("team/", views.team_dashboard, name="team_dashboard"),
    path("team/settings/", views.team_settings, name="team_settings"),
]
