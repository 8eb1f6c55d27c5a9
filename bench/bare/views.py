from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from bench.bare.models import Row


def hello(request):
    return HttpResponse("hello")


@csrf_exempt
def insert(request):
    """One row per POST, the bare counterpart of saving a survey page."""
    Row.objects.create(text=request.POST.get("text", ""))
    return HttpResponse("saved", status=201)
