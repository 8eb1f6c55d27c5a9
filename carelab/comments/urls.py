from django.urls import path

from carelab.comments import views

app_name = "comments"

urlpatterns = [
    path("queue/", views.placeholder, name="queue"),
    path("reports/", views.placeholder, name="reports"),
    path("policy/edit/", views.placeholder, name="policy_edit"),
]
