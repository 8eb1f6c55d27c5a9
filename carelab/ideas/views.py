from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.comments.threads import comment_section_context
from carelab.core.pagination import pagination
from carelab.ideas import actions, presenters, queries
from carelab.ideas.access import (
    get_idea_for_reader,
    get_idea_for_team,
    get_own_idea,
    get_published_idea,
    is_author,
)
from carelab.ideas.forms import FilterForm, IdeaForm, ReviewForm, StageForm
from carelab.ideas.models import Idea
from carelab.labs.access import get_lab, is_lab_team, is_participant_or_team, lab_team_required, private_page

IDEAS_PER_PAGE = 20
# Set after an idea whose words suggest its writer may be at risk, so the idea's page (after the
# redirect) shows where to get help. Holds the idea's id.
CRISIS_SESSION_KEY = "ideas_show_crisis_for_idea"


@login_not_required
@require_safe
def idea_list(request, slug):
    lab = get_lab(slug)
    filters = FilterForm(request.GET)
    stage = filters.cleaned_data["stage"] if filters.is_valid() else ""
    area = queries.get_area_or_none(lab, request.GET.get("area"))
    ideas = queries.ideas_with_links(queries.published_ideas(lab, stage=stage, area=area))
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    query = {key: value for key, value in (("stage", stage), ("area", area.pk if area else "")) if value}
    return render(
        request,
        "ideas/list.jinja",
        {
            "lab": lab,
            "page": page,
            "page_links": pagination(page, request.path, query),
            "filters": filters if filters.is_valid() else FilterForm(),
            "stage": stage,
            "area": area,
            "own_waiting": queries.own_unpublished_ideas(lab, request.user),
            "presenters": presenters,
        },
    )


@login_not_required
@require_safe
def idea(request, slug, pk):
    lab = get_lab(slug)
    found = get_idea_for_reader(request, lab, pk)
    author = is_author(request.user, found)
    show_crisis = request.session.get(CRISIS_SESSION_KEY) == found.pk if hasattr(request, "session") else False
    if show_crisis:
        del request.session[CRISIS_SESSION_KEY]
    context = {
        "lab": lab,
        "idea": found,
        "shown": queries.idea_page(found, request.user),
        "is_team": is_lab_team(request.user, lab),
        # Test teams' pages are for the lab's participants and team: others see the teams' names only.
        "reads_test_teams": is_participant_or_team(request.user, lab),
        "is_author": author,
        "show_crisis": show_crisis,
        "presenters": presenters,
    }
    context.update(comment_section_context(request, found))
    response = render(request, "ideas/idea.jinja", context)
    if found.status != Idea.Status.PUBLISHED:
        add_never_cache_headers(response)  # only its author and the team see it: no shared cache keeps it
    return response


def _idea_data(form: IdeaForm) -> dict:
    return {key: form.cleaned_data[key] for key in ("title", "description", "insights", "areas")}


def _after_saving(request, idea: Idea, *, changed: bool):
    if idea.status == Idea.Status.HELD:
        messages.success(request, "Thank you. Your idea will appear once the lab team has checked it.")
    else:
        messages.success(request, "Your idea is changed." if changed else "Thank you. Your idea is published.")
    anchor = ""
    if idea.risk_level:
        request.session[CRISIS_SESSION_KEY] = idea.pk
        anchor = "#help-now"
    return redirect(idea.get_absolute_url() + anchor)


@private_page
@require_http_methods(["GET", "POST"])
def propose(request, slug):
    lab = get_lab(slug)
    form = IdeaForm(request.POST or None, lab=lab)
    if request.method == "POST" and form.is_valid():
        created = actions.propose_idea(lab=lab, author=request.user, **_idea_data(form))
        return _after_saving(request, created, changed=False)
    return render(request, "ideas/form.jinja", {"lab": lab, "form": form, "heading": "Propose an idea"})


@private_page
@require_http_methods(["GET", "POST"])
def edit(request, slug, pk):
    lab = get_lab(slug)
    own = get_own_idea(request, lab, pk)
    form = IdeaForm(request.POST or None, lab=lab, initial=IdeaForm.initial_from(own))
    refusal = ""
    if own.status not in actions.EDITABLE:
        refusal = f"This idea is “{own.get_status_display()}”, so it can no longer be changed."
    elif request.method == "POST" and form.is_valid():
        try:
            changed = actions.change_idea(idea=own, author=request.user, **_idea_data(form))
        except actions.IdeaActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            return _after_saving(request, changed, changed=True)
    return render(
        request,
        "ideas/form.jinja",
        {"lab": lab, "form": form, "idea": own, "heading": "Change your idea", "refusal": refusal},
    )


@private_page
@require_http_methods(["GET", "POST"])
def withdraw(request, slug, pk):
    lab = get_lab(slug)
    own = get_own_idea(request, lab, pk)
    if request.method == "POST":
        try:
            actions.withdraw_idea(idea=own, author=request.user)
        except actions.IdeaActionRefused as refused:
            messages.warning(request, str(refused))
        else:
            messages.success(request, "Your idea is withdrawn. Only you and the lab team can see it now.")
        return redirect("ideas:list", lab.slug)
    return render(request, "ideas/withdraw.jinja", {"lab": lab, "idea": own})


@require_POST
def support(request, slug, pk):
    lab = get_lab(slug)
    found = get_published_idea(lab, pk)
    try:
        actions.support_idea(idea=found, user=request.user)
    except actions.IdeaActionRefused as refused:
        messages.warning(request, str(refused))
    else:
        messages.success(request, "Thank you. You support this idea.")
    return redirect(found.get_absolute_url() + "#support")


@require_POST
def withdraw_support(request, slug, pk):
    lab = get_lab(slug)
    found = get_published_idea(lab, pk)
    actions.withdraw_support(idea=found, user=request.user)
    messages.success(request, "You no longer support this idea.")
    return redirect(found.get_absolute_url() + "#support")


# The lab team


@lab_team_required
@require_safe
def held(request, slug):
    items = [
        {
            "idea": item,
            "hold_reasons": presenters.hold_reason_labels(item),
            "risk": presenters.risk_finding(item),
        }
        for item in queries.held_ideas(request.lab)
    ]
    return render(request, "ideas/team/held.jinja", {"lab": request.lab, "items": items})


@lab_team_required
@require_http_methods(["GET", "POST"])
def review(request, slug, pk):
    found = get_idea_for_team(request, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "publish":
                actions.publish_idea(idea=found, moderator=request.user)
                messages.success(request, "The idea is published.")
            else:
                actions.reject_idea(idea=found, moderator=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, "The idea is not published. Its author sees your reason on its page.")
        except actions.IdeaActionRefused as refused:
            messages.warning(request, str(refused))
        return redirect("ideas:held", request.lab.slug)
    return render(
        request,
        "ideas/team/review.jinja",
        {
            "lab": request.lab,
            "idea": found,
            "form": form,
            "hold_reasons": presenters.hold_reason_labels(found),
            "risk": presenters.risk_finding(found),
            "presenters": presenters,
        },
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def move_stage(request, slug, pk):
    found = get_idea_for_team(request, pk)
    form = StageForm(request.POST or None, current_stage=found.stage)
    if request.method == "POST" and form.is_valid():
        try:
            change = actions.move_idea_stage(
                idea=found, actor=request.user, to_stage=form.cleaned_data["stage"], reason=form.cleaned_data["reason"]
            )
        except actions.IdeaActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"The idea is now at “{change.get_to_stage_display()}”.")
            return redirect(reverse("ideas:idea", args=[request.lab.slug, found.pk]) + "#history")
    return render(
        request,
        "ideas/team/stage.jinja",
        {"lab": request.lab, "idea": found, "form": form, "presenters": presenters},
    )
