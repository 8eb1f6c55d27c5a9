from django.urls import path

from carelab.ideas import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("new/", views.propose, name="propose"),
    path("<int:pk>/", views.idea, name="idea"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/support/withdraw/", views.withdraw_support, name="withdraw_support"),
    # The lab team.
    path("team/held/", views.held, name="held"),
    path("team/<int:pk>/review/", views.review, name="review"),
    path("team/<int:pk>/stage/", views.move_stage, name="stage"),
]
