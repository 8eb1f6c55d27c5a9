"""The labs app's own pages under /labs/<slug>/: the lab team's pages for the lab itself.

They are part of the `labs:` namespace, which `carelab/home/urls.py` mounts together with the lab
home and the team dashboard (decision 0023).
"""

from django.urls import path

from carelab.labs import views

urlpatterns = [
    path("team/settings/", views.team_settings, name="team_settings"),
    path("team/details/", views.team_details, name="details"),
    path("team/phases/new/", views.phase_add, name="phase_add"),
    path("team/phases/<int:pk>/", views.phase_edit, name="phase_edit"),
    path("team/phases/<int:pk>/delete/", views.phase_delete, name="phase_delete"),
]
