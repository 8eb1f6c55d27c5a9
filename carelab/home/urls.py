"""URLs of the site's top pages and of each lab's own pages.

The `labs:` namespace (mounted at /labs/<slug>/) joins this app's lab pages (the lab home, its
open surveys, the team dashboard) with the labs app's own team pages (settings, details, phases),
so every `labs:` URL name stays as it was when they all lived in the labs app (decision 0023).
"""

from django.urls import path

from carelab.home import views
from carelab.labs.urls import urlpatterns as labs_urlpatterns

app_name = "labs"

urlpatterns = [
    path("", views.lab_home, name="home"),
    path("surveys/", views.lab_surveys, name="surveys"),
    path("team/", views.team_dashboard, name="team_dashboard"),
    *labs_urlpatterns,
]
