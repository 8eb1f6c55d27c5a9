"""Survey URLs for builder; see urls.py."""

urlpatterns = []
