"""Survey URLs for results; see urls.py."""

urlpatterns = []
