"""Gatekeepers for ideas: the only way views reach an idea.

Published ideas are public lab content, read as posts are: by everyone, signed in or not. An idea
that is held, not published or withdrawn exists only for its author and the lab team; for anyone
else it is a 404, as a draft post is.
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from carelab.ideas.models import Idea
from carelab.labs.access import is_lab_team
from carelab.labs.models import Lab


def _in_lab(lab: Lab):
    return Idea.objects.for_lab(lab).select_related("author")


def is_author(user, idea: Idea) -> bool:
    return user.is_authenticated and idea.author_id == user.pk


def get_idea_for_reader(request: HttpRequest, lab: Lab, pk: int) -> Idea:
    """An idea as this person may read it: published for everyone, any other for its author and the team."""
    idea = get_object_or_404(_in_lab(lab), pk=pk)
    if idea.status != Idea.Status.PUBLISHED and not (is_author(request.user, idea) or is_lab_team(request.user, lab)):
        raise Http404("No idea here.")
    idea.lab = lab
    return idea


def get_published_idea(lab: Lab, pk: int) -> Idea:
    """A published idea of this lab (to support), or 404."""
    idea = get_object_or_404(_in_lab(lab).published(), pk=pk)
    idea.lab = lab
    return idea


def get_own_idea(request: HttpRequest, lab: Lab, pk: int) -> Idea:
    """The signed-in person's own idea, to change or withdraw; anyone else's is a 404."""
    idea = get_object_or_404(_in_lab(lab), pk=pk, author__isnull=False)
    if not is_author(request.user, idea):
        raise Http404("No idea here.")
    idea.lab = lab
    return idea


def get_idea_for_team(request: HttpRequest, pk: int) -> Idea:
    """An idea of the lab that `lab_team_required` put on the request; another lab's idea is a 404."""
    idea = get_object_or_404(_in_lab(request.lab), pk=pk)
    idea.lab = request.lab
    return idea
