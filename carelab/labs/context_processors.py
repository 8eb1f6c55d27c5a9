import re

from django.urls import reverse

from carelab.labs.access import is_team_anywhere

# Pages that belong to a lab team's work, so the "Lab team" navigation item is the current one.
# Each app keeps its lab-team pages under `<app>/team/`; comments and safeguarding are team-only throughout.
_TEAM_PAGE = re.compile(
    r"^/team/|^/labs/[^/]+/("
    r"team/|[a-z]+/team/|safeguarding/|comments/(queue|reports|policy/edit|\d+/)"
    r")"
)


def site(request):
    """What every page needs: the main navigation, marked where the person is."""
    path = request.path
    on_team_page = bool(_TEAM_PAGE.match(path))
    items = [
        {
            "href": reverse("home"),
            "text": "Labs",
            "current": not on_team_page and (path == "/" or path.startswith("/labs/")),
        }
    ]
    if request.user.is_authenticated and is_team_anywhere(request.user):
        items.append({"href": reverse("team_index"), "text": "Lab team", "current": on_team_page})
    return {"nav_items": items}
