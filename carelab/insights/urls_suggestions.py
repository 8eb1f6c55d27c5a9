"""Theme and code suggestions."""

urlpatterns: list = []
