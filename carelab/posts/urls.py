from django.urls import path

from carelab.posts import views

app_name = "posts"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("<slug:post_slug>/", views.post_detail, name="detail"),
]

urlpatterns += [path("team/", views.post_list, name="team_list")]
