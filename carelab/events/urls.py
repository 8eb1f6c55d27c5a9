from django.urls import path

from carelab.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.feed, name="feed"),
    path("yours/", views.yours, name="yours"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("team/", views.team_list, name="team_list"),
    path("team/new/", views.create, name="create"),
    path("team/<int:pk>/edit/", views.edit, name="edit"),
    path("team/<int:pk>/cancel/", views.cancel_event, name="cancel_event"),
    path("team/<int:pk>/registrations/", views.registrations, name="registrations"),
    path("team/<int:pk>/registrations.csv", views.registrations_csv, name="registrations_csv"),
    path(
        "team/<int:pk>/registrations/<int:registration_pk>/cancel/",
        views.cancel_registration,
        name="cancel_registration",
    ),
    path("team/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("team/<int:pk>/notes/", views.notes, name="notes"),
]
