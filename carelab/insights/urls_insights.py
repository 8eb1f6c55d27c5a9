"""Themes, areas of opportunity and insights, and the public insight pages."""

from django.urls import path

from carelab.insights.views import insights as views

M = "making-sense"

urlpatterns = [
    # Everyone: the lab's published insights.
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_insight, name="public_insight"),
    # The lab team: making sense of the coding.
    path(f"{M}/", views.making_sense, name="making_sense"),
    path(f"{M}/themes/new/", views.theme_add, name="theme_add"),
    path(f"{M}/themes/<int:pk>/", views.theme_edit, name="theme_edit"),
    path(f"{M}/themes/<int:pk>/delete/", views.theme_delete, name="theme_delete"),
    path(f"{M}/areas/new/", views.area_add, name="area_add"),
    path(f"{M}/areas/<int:pk>/", views.area_edit, name="area_edit"),
    path(f"{M}/areas/<int:pk>/delete/", views.area_delete, name="area_delete"),
    path(f"{M}/insights/", views.team_insights, name="team_insights"),
    path(f"{M}/insights/new/", views.insight_add, name="insight_add"),
    path(f"{M}/insights/<int:pk>/", views.insight, name="insight"),
    path(f"{M}/insights/<int:pk>/edit/", views.insight_edit, name="insight_edit"),
    path(f"{M}/insights/<int:pk>/delete/", views.insight_delete, name="insight_delete"),
    path(f"{M}/insights/<int:pk>/support/", views.insight_support, name="insight_support"),
    path(f"{M}/insights/<int:pk>/support/remove/", views.insight_unlink, name="insight_unlink"),
    path(f"{M}/insights/<int:pk>/status/", views.insight_status, name="insight_status"),
]
