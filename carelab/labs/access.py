"""Gatekeepers: the only way views reach a lab and decide what a person may do in it."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers

from carelab.labs.models import Lab, Membership, Role


def get_lab(slug: str) -> Lab:
    """A lab for its public pages, with its phases ready to show."""
    return get_object_or_404(Lab.objects.prefetch_related("phases"), slug=slug)


def role_in_lab(user, lab: Lab) -> str | None:
    """The person's role in this lab ('team', 'participant', 'member'), or None."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_lab_roles", {})
    if lab.pk not in cache:
        cache[lab.pk] = Membership.objects.filter(lab=lab, user=user).values_list("role", flat=True).first()
    return cache[lab.pk]


def is_lab_team(user, lab: Lab) -> bool:
    """Lab team of this lab. Site admins count as the team of every lab."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or role_in_lab(user, lab) == Role.TEAM


def labs_where_team(user):
    if not user.is_authenticated:
        return Lab.objects.none()
    if user.is_superuser:
        return Lab.objects.all()
    return Lab.objects.filter(memberships__user=user, memberships__role=Role.TEAM)


def join_lab(user, lab: Lab) -> Membership:
    """Make a signed-in person a member of a lab, keeping any higher role they already have."""
    membership, _ = Membership.objects.get_or_create(lab=lab, user=user, defaults={"role": Role.MEMBER})
    user.__dict__.setdefault("_lab_roles", {})[lab.pk] = membership.role
    return membership


def private_page(view):
    """Responses that no browser, proxy or shared computer may keep: `Cache-Control: no-store, private`.

    For pages with personal or health data (the lab team's pages, survey answers, a person's own data),
    so the back button on a shared computer or a caching proxy never shows them to someone else.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def lab_team_required(view):
    """The view takes `slug`; only that lab's team (or a site admin) gets in, others get 403.

    Signed-out people are sent to sign in by LoginRequiredMiddleware before this runs. Every
    lab-team page is a `private_page`.
    """

    @wraps(view)
    @private_page
    def wrapper(request, slug, *args, **kwargs):
        lab = get_lab(slug)
        if not is_lab_team(request.user, lab):
            raise PermissionDenied("Only the lab team can see this page.")
        request.lab = lab
        return view(request, slug, *args, **kwargs)

    return wrapper
