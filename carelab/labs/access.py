"""Gatekeepers: the only way views reach a lab and decide what a person may do in it."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers

from carelab.core.kept_facts import kept, kept_object
from carelab.labs.models import Lab, Membership, Phase, Role


def get_lab(slug: str, *, with_phases: bool = False) -> Lab:
    """A lab for its pages; `with_phases` fetches its phases too, for the pages that show them."""
    if with_phases:
        return get_object_or_404(Lab.objects.prefetch_related("phases"), slug=slug)
    lab = lab_or_none(slug)
    if lab is None:
        raise Http404("No lab has this address.")
    return lab


def lab_or_none(slug: str) -> Lab | None:
    """The lab with this slug, or None (for page furniture that must never turn a page into a 404).

    Its row is kept while the content is unchanged; each caller gets a Lab of its own, to change freely.
    """
    return kept_object(("lab", slug), Lab, lambda: Lab.objects.filter(slug=slug))


def role_in_lab(user, lab: Lab) -> str | None:
    """The person's role in this lab ('team', 'participant', 'member'), or None.

    The same query learns whether they are on any lab's team (`is_team_anywhere`), which every page's
    navigation asks, so a lab page asks the database once for both.
    """
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_lab_roles", {})
    if lab.pk not in cache:
        rows = kept(("lab roles", user.pk, lab.pk), lambda: _roles_here_and_team(user, lab))
        cache[lab.pk] = None
        for lab_id, role in rows:
            cache[lab_id] = role
        user.__dict__["_team_anywhere"] = user.is_superuser or any(role == Role.TEAM for _, role in rows)
    return cache[lab.pk]


def _roles_here_and_team(user, lab: Lab) -> tuple[tuple[int, str], ...]:
    """(lab id, role) for this lab and every lab where they are on the team."""
    memberships = Membership.objects.filter(user=user).filter(Q(lab=lab) | Q(role=Role.TEAM))
    return tuple(memberships.values_list("lab_id", "role"))


def is_team_anywhere(user) -> bool:
    """On the team of at least one lab (a site admin is every lab's team): the "Lab team" navigation."""
    if not user.is_authenticated:
        return False
    if "_team_anywhere" not in user.__dict__:
        user.__dict__["_team_anywhere"] = kept(("team anywhere", user.pk), labs_where_team(user).exists)
    return user.__dict__["_team_anywhere"]


def forget_roles(user) -> None:
    """After a person's memberships change: the next question about their roles asks the database."""
    user.__dict__.pop("_lab_roles", None)
    user.__dict__.pop("_team_anywhere", None)


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
    forget_roles(user)
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


def is_participant(user, lab: Lab) -> bool:
    """A participant of this lab (not its team: see `is_participant_or_team`)."""
    return role_in_lab(user, lab) == Role.PARTICIPANT


def is_participant_or_team(user, lab: Lab) -> bool:
    """The lab's participants and its team (site admins count as every lab's team).

    The one rule for what participants share with the team: Connect, updates, events only for
    participants, and the participants-only parts of the lab menu.
    """
    return is_lab_team(user, lab) or is_participant(user, lab)


# The rules the gatekeeper can apply, by the roles they let in.
_RULES = {
    frozenset({Role.TEAM}): is_lab_team,
    frozenset({Role.PARTICIPANT, Role.TEAM}): is_participant_or_team,
}


def lab_role_required(*roles: str, refusal: str = "Only the lab team can see this page.", refused=None, private=True):
    """A decorator for views that take `slug`: only people with one of these roles in that lab get in,
    with the lab on `request.lab`. Site admins count as the team of every lab.

    Others get 403: Django's page saying `refusal`, or the response `refused(request, lab)` makes.
    `private` (the default) makes every response a `private_page`. Signed-out people are sent to
    sign in by LoginRequiredMiddleware before this runs.
    """
    rule = _RULES.get(frozenset(roles))
    if rule is None:
        raise ValueError(f"No gatekeeper rule for the roles {roles!r}.")

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            lab = get_lab(slug)
            if not rule(request.user, lab):
                if refused is not None:
                    return refused(request, lab)
                raise PermissionDenied(refusal)
            request.lab = lab
            return view(request, slug, *args, **kwargs)

        return private_page(wrapper) if private else wrapper

    return decorator


lab_team_required = lab_role_required(Role.TEAM)
lab_team_required.__doc__ = """Only that lab's team (or a site admin) gets in, others get 403; every lab-team page is a
`private_page`. See `lab_role_required`."""


def get_phase_for_team(request, pk: int) -> Phase:
    """A phase of the lab that `lab_team_required` put on the request; another lab's phase is a 404."""
    return get_object_or_404(Phase.objects.filter(lab=request.lab), pk=pk)
