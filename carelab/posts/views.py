# Placeholder until the posts pages land: see issue 2.
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def post_list(request, slug):
    return HttpResponse("Posts")


@login_not_required
def post_detail(request, slug, post_slug):
    return HttpResponse("Post")
