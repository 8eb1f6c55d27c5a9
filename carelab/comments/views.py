# Placeholder until the comments pages land: see issue 2.
from django.http import HttpResponse


def placeholder(request, slug):
    return HttpResponse("Coming")
