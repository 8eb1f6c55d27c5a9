"""Agreement between coders and counts by respondent group."""

urlpatterns: list = []
