"""Safeguarding URLs, mounted at /labs/<slug>/safeguarding/. Every page here is for the lab's team only."""

from django.urls import path

from carelab.safeguarding import views

app_name = "safeguarding"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("guidance/", views.guidance, name="guidance"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/start-review/", views.start_review, name="start_review"),
    path("<int:pk>/notes/", views.add_note, name="add_note"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
]
