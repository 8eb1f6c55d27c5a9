from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from carelab.core.page_cache import public_page
from carelab.home import queries
from carelab.labs.access import get_lab, lab_team_required, labs_where_team, role_in_lab
from carelab.labs.presenters import LabPresenter
from carelab.participants.access import sent_application


@login_not_required
@require_safe
def index(request):
    """All labs; with only one, its home page straight away."""
    labs = queries.listed_labs()
    if len(labs) == 1:
        return lab_home(request, labs[0].slug)
    return render(request, "home/index.jinja", {"labs": [LabPresenter(lab) for lab in labs]})


@login_not_required
@require_safe
@public_page
def lab_home(request, slug):
    lab = get_lab(slug, with_phases=True)
    content = queries.lab_home_content(lab)
    return render(
        request,
        "home/lab_home.jinja",
        {
            "lab": LabPresenter(lab),
            "role": role_in_lab(request.user, lab),
            "application": sent_application(request.user, lab),
            "recent_posts": content.recent_posts,
            "open_surveys": content.open_surveys,
            "partners": content.partners,
        },
    )


@login_not_required
@require_safe
def lab_surveys(request, slug):
    """The lab's surveys open now, for the lab menu's "Surveys"."""
    lab = get_lab(slug)
    return render(request, "home/lab_surveys.jinja", {"lab": lab, "open_surveys": queries.open_surveys(lab)})


def team_index(request):
    labs = list(labs_where_team(request.user))
    if len(labs) == 1:
        return redirect("labs:team_dashboard", slug=labs[0].slug)
    return render(request, "home/team_index.jinja", {"labs": labs})


@lab_team_required
def team_dashboard(request, slug):
    lab = request.lab
    return render(request, "home/team_dashboard.jinja", {"lab": lab, "counts": queries.team_counts(lab)})
