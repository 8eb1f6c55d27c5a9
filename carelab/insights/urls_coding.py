"""The codebook, coders, sources and coding."""

urlpatterns: list = []
