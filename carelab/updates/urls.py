from django.urls import path

from carelab.updates import views

app_name = "updates"

urlpatterns = [
    path("", views.update_list, name="list"),
    path("<int:pk>/", views.update_detail, name="detail"),
    path("email/", views.email_choice, name="email_choice"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("team/", views.team_list, name="team_list"),
    path("team/new/", views.create, name="create"),
    path("team/<int:pk>/", views.team_detail, name="team_detail"),
    path("team/<int:pk>/edit/", views.edit, name="edit"),
    path("team/<int:pk>/audience/", views.audience, name="audience"),
    path("team/<int:pk>/send/", views.send, name="send"),
    path("team/<int:pk>/delete/", views.delete, name="delete"),
]
