from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carelab.comments.models import Comment, Report
from carelab.connect.models import ConversationReport
from carelab.labs.access import get_lab, lab_team_required, labs_where_team, role_in_lab
from carelab.labs.forms import ModerationSettingsForm
from carelab.labs.models import Lab
from carelab.labs.presenters import LabPresenter
from carelab.organisations.models import Organisation
from carelab.participants.models import Application, ProfileCard
from carelab.posts.models import Post
from carelab.safeguarding.models import SafeguardingFlag
from carelab.surveys.models import Survey


@login_not_required
def home(request):
    """All labs; with only one, its home page straight away."""
    labs = list(Lab.objects.listed().prefetch_related("phases"))
    if len(labs) == 1:
        return lab_home(request, labs[0].slug)
    return render(request, "labs/index.jinja", {"labs": [LabPresenter(lab) for lab in labs]})


@login_not_required
def lab_home(request, slug):
    lab = get_lab(slug)
    recent_posts = Post.objects.for_lab(lab).published().select_related("author")[:3]
    open_surveys = Survey.objects.for_lab(lab).open_now().order_by("title")
    partners = Organisation.objects.for_lab(lab).public().partners().alphabetical()
    return render(
        request,
        "labs/home.jinja",
        {
            "lab": LabPresenter(lab),
            "role": role_in_lab(request.user, lab),
            "recent_posts": recent_posts,
            "open_surveys": open_surveys,
            "partners": partners,
        },
    )


def team_index(request):
    labs = list(labs_where_team(request.user))
    if len(labs) == 1:
        return redirect("labs:team_dashboard", slug=labs[0].slug)
    return render(request, "labs/team_index.jinja", {"labs": labs})


@lab_team_required
def team_dashboard(request, slug):
    lab = request.lab
    counts = {
        "pending": Comment.objects.for_lab(lab).pending().count(),
        "reports": Report.objects.for_lab(lab).open().count(),
        "applications": Application.objects.for_lab(lab).waiting().count(),
        "held_cards": ProfileCard.objects.in_lab(lab).held().count(),
        "safeguarding_open": SafeguardingFlag.objects.for_lab(lab).open().count(),
        "conversation_reports": ConversationReport.objects.for_lab(lab).open().count(),
    }
    return render(request, "labs/team_dashboard.jinja", {"lab": lab, "counts": counts})


@lab_team_required
@require_http_methods(["GET", "POST"])
def team_settings(request, slug):
    lab = request.lab
    form = ModerationSettingsForm(request.POST or None, instance=lab)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Moderation settings saved.")
        return redirect("labs:team_dashboard", slug=lab.slug)
    return render(request, "labs/team_settings.jinja", {"lab": lab, "form": form})
