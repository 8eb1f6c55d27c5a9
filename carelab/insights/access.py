"""Who may code a lab's sources, and how views reach coding data.

The lab team (and site admins) code, and so do the people the team invited as coders (`Coder`).
Coders see the sources to code, the codebook and their own codings; everything else about insights,
quotes and the lab's other pages stays the team's. Public insight pages are for everyone.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from carelab.insights.models import Coder
from carelab.labs.access import get_lab, is_lab_team, private_page


def is_coder(user, lab) -> bool:
    """Someone the lab team invited to code this lab (not the team itself: see `may_code`)."""
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_coder_of", {})
    if lab.pk not in cache:
        cache[lab.pk] = Coder.objects.filter(lab=lab, user=user).exists()
    return cache[lab.pk]


def may_code(user, lab) -> bool:
    """The lab team and its invited coders."""
    return is_lab_team(user, lab) or is_coder(user, lab)


def coding_required(view):
    """For views that take `slug`: the lab team and invited coders get in, with the lab on `request.lab`.

    Others get 403. Every response is a `private_page`: coding shows people's own words.
    """

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        lab = get_lab(slug)
        if not may_code(request.user, lab):
            raise PermissionDenied("Only the lab team and the coders it invited can see this page.")
        request.lab = lab
        return view(request, slug, *args, **kwargs)

    return private_page(wrapper)
