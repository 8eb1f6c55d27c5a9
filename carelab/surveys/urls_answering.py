"""Survey URLs for answering; see urls.py."""

urlpatterns = []
