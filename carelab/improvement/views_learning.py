"""The learning log: what each test team tried, what happened and what it learned, for the whole lab.

Gatekeepers: `readers_required` (the lab's participants and team, the same readers as the teams'
pages) on every page; `get_team_to_change` lets only the team's members and the lab team add, change
and delete the team's entries. Each entry has a stable address (its number) and a line to cite it by.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from carelab.core.pagination import pagination
from carelab.core.presenters import format_date
from carelab.improvement import actions, actions_learning, queries_learning
from carelab.improvement.access import get_team_to_change, may_change, readers_required
from carelab.improvement.forms_learning import LearningEntryForm, LearningSearchForm
from carelab.improvement.models import LearningEntry

ENTRIES_PER_PAGE = 20


def _posted(request):
    return request.POST if request.method == "POST" else None


@require_safe
@readers_required
def learning(request, slug):
    lab = request.lab
    bound = any(request.GET.get(name) for name in LearningSearchForm.base_fields)
    form = LearningSearchForm(request.GET if bound else None, lab=lab)
    filters = form.filters()
    entries = queries_learning.find_entries(lab, query=filters.get("query", ""), team=filters.get("team"))
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "improvement/learning/list.jinja",
        {
            "lab": lab,
            "form": form,
            "page": page,
            "searched": bool(filters.get("query") or filters.get("team")),
            "page_links": pagination(page, request.path, request.GET),
        },
    )


def citation(request, entry: LearningEntry) -> str:
    """How an essay cites the entry: team, title, lab, date and address."""
    address = request.build_absolute_uri(reverse("improvement:learning_entry", args=[entry.team.lab.slug, entry.pk]))
    return (
        f"{entry.team.name}. “{entry.title}”. {entry.team.lab.title}, learning log, "
        f"{format_date(entry.created_at)}. {address}"
    )


@require_safe
@readers_required
def entry(request, slug, entry_pk):
    shown = queries_learning.get_entry(request.lab, entry_pk)
    return render(
        request,
        "improvement/learning/entry.jinja",
        {
            "lab": request.lab,
            "entry": shown,
            "team": shown.team,
            "citation": citation(request, shown),
            "may_change": may_change(request.user, shown.team),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@readers_required
def entry_new(request, slug, pk):
    team = get_team_to_change(request, pk)
    return _entry_form(request, team, LearningEntry(team=team), "Add to the learning log")


@require_http_methods(["GET", "HEAD", "POST"])
@readers_required
def entry_edit(request, slug, pk, entry_pk):
    team = get_team_to_change(request, pk)
    return _entry_form(request, team, queries_learning.get_team_entry(team, entry_pk), "Change the learning")


def _entry_form(request, team, shown: LearningEntry, heading: str):
    form = LearningEntryForm(_posted(request), instance=shown, team=team)
    if request.method == "POST":
        if form.is_valid():
            if shown.pk:
                saved = actions_learning.update_entry(shown, form.cleaned_data, form.links())
            else:
                saved = actions_learning.create_entry(team, form.cleaned_data, form.links(), by=request.user)
            messages.success(request, f"Saved “{saved.title}” in the learning log.")
            return redirect("improvement:learning_entry", request.lab.slug, saved.pk)
        actions.flag_refused_words(team, form.words, request.user)
    return render(
        request,
        "improvement/learning/entry_form.jinja",
        {"lab": request.lab, "team": team, "form": form, "entry": shown, "heading": heading},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@readers_required
def entry_delete(request, slug, pk, entry_pk):
    team = get_team_to_change(request, pk)
    shown = queries_learning.get_team_entry(team, entry_pk)
    if request.method == "POST":
        actions_learning.delete_entry(shown)
        messages.success(request, f"Deleted “{shown.title}” from the learning log.")
        return redirect(team.get_absolute_url() + "#learning")
    return render(
        request, "improvement/learning/entry_delete.jinja", {"lab": request.lab, "team": team, "entry": shown}
    )
