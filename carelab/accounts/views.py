# Placeholder until the accounts pages land: see issue 2.
from django.http import HttpResponse


def profile(request):
    return HttpResponse("Your account")


def delete_account(request):
    return HttpResponse("Delete your account")
