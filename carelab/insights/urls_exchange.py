"""REFI-QDA export and import."""

from django.urls import path

from carelab.insights.views import exchange as views

urlpatterns = [
    path("coding/exchange/", views.exchange_page, name="exchange"),
    path("coding/exchange/codebook.qdc", views.export_qdc, name="export_qdc"),
    path("coding/exchange/project.qdpx", views.export_qdpx, name="export_qdpx"),
]
