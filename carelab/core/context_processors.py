from django.urls import reverse

from carelab.labs.access import labs_where_team


def site(request):
    """What every page needs: the main navigation, marked where the person is."""
    path = request.path
    items = [{"href": reverse("home"), "text": "Labs", "current": path == "/" or path.startswith("/labs/")}]
    if request.user.is_authenticated and labs_where_team(request.user).exists():
        href = reverse("team_index")
        items.append({"href": href, "text": "Lab team", "current": path.startswith(href)})
    return {"nav_items": items}
