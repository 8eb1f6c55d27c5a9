from django.urls import path

from carelab.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("delete/", views.delete, name="delete"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download/", views.your_data_download, name="your_data_download"),
]
