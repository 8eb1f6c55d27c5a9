from django.urls import path

from carelab.posts import views

app_name = "posts"

# The fixed paths come before a post's slug; models.RESERVED_SLUGS keeps posts from taking them.
urlpatterns = [
    path("", views.post_list, name="list"),
    path("feed/", views.post_feed, name="feed"),
    path("team/", views.team_list, name="team_list"),
    path("team/new/", views.post_create, name="create"),
    path("team/<int:pk>/edit/", views.post_edit, name="edit"),
    path("<slug:post_slug>/", views.post_detail, name="detail"),
]
