"""Gatekeepers for posts: the only way views reach a post."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from carelab.labs.access import is_lab_team
from carelab.labs.models import Lab
from carelab.posts.models import Post


def get_post_for_reader(request: HttpRequest, lab: Lab, post_slug: str) -> Post:
    """A post as this person may read it.

    Everyone sees published posts once they are due. The lab team (and site admins)
    also see drafts and scheduled posts; for anyone else those do not exist (404).
    """
    post = get_object_or_404(Post.objects.for_lab(lab).select_related("author"), slug=post_slug)
    if not post.is_visible() and not is_lab_team(request.user, lab):
        raise Http404("No post here.")
    post.lab = lab
    return post


def get_post_for_team(request: HttpRequest, pk: int) -> Post:
    """A post of the lab in `request.lab`, which `lab_team_required` has already checked."""
    post = get_object_or_404(Post.objects.for_lab(request.lab), pk=pk)
    post.lab = request.lab
    return post
