"""Practice examples and stories sent by participants and organisations, and the team's review."""

urlpatterns: list = []
