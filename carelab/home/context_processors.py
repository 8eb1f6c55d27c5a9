from carelab.home.menu import Viewer, lab_menu_items, section_of
from carelab.home.queries import menu_facts
from carelab.insights.queries_insights import has_published_insights
from carelab.labs.access import is_lab_team, is_participant_or_team, lab_or_none
from carelab.labs.models import Lab

MENU_LABEL = "Lab menu"


def lab_menu(request):
    """`lab_menu(lab)` for the layout: the lab menu's items on a page of a lab, else None.

    The layout passes the page's `lab` when it has one, which saves looking the lab up again. The
    menu is worked out only when the layout asks for it, and once a request.
    """

    def menu(lab=None) -> list[dict] | None:
        if not hasattr(request, "_lab_menu"):
            request._lab_menu = _menu_for(request, lab)
        return request._lab_menu

    return {"lab_menu": menu, "lab_menu_label": MENU_LABEL}


def _menu_for(request, lab) -> list[dict] | None:
    match = request.resolver_match
    if match is None:
        return None
    lab = _as_lab(lab) or _as_lab(getattr(request, "lab", None))
    if match.view_name == "home" and lab is not None:
        # A site with one lab shows its home page at /.
        return _items(request, lab, lab.slug, section="about")
    slug = match.kwargs.get("slug")
    if not slug or not request.path.startswith(f"/labs/{slug}/"):
        return None
    if lab is None or lab.slug != slug:
        lab = lab_or_none(slug)
        if lab is None:
            return None
    return _items(request, lab, slug, section=section_of(request.path, match.namespace, match.url_name))


def _items(request, lab: Lab, slug: str, section: str) -> list[dict]:
    user = request.user
    team = is_lab_team(user, lab)
    if user.is_authenticated and not team:
        facts = menu_facts(user, lab)
        applied, coder, published = facts.applied, facts.coder, facts.published_insights
    else:
        # The team's menu has no "Your application" (Your account links it), and the team codes
        # already, so it asks only about insights; so does a visitor.
        applied = coder = False
        published = has_published_insights(lab)
    viewer = Viewer(
        signed_in=user.is_authenticated,
        participant_or_team=is_participant_or_team(user, lab),
        team=team,
        applied=applied,
        coder=coder,
        published_insights=published,
    )
    return lab_menu_items(slug, viewer, section, request.path)


def _as_lab(value) -> Lab | None:
    """The Lab itself, from a Lab or a presenter wrapping one (the lab home's `LabPresenter`)."""
    if isinstance(value, Lab):
        return value
    inner = getattr(value, "__dict__", {}).get("lab")
    return inner if isinstance(inner, Lab) else None
