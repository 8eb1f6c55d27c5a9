"""Theme and code suggestions (code suggestions show on the coding pages themselves)."""

from django.urls import path

from carelab.insights.views import suggestions as views

urlpatterns = [
    path("coding/suggestions/", views.index, name="suggestions"),
    path("coding/suggestions/<int:pk>/", views.run, name="suggestion_run"),
    path("coding/suggestions/<int:pk>/themes/<int:index>/", views.theme, name="suggestion_theme"),
]
