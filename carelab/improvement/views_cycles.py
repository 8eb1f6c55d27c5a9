"""PDSA cycles: the team's cycles by change idea, a cycle's four parts and its place in the chain, and
the forms with which a team plans, does, studies and acts on each cycle over time.

Gatekeepers, as for the team's measures: `readers_required` (the lab's participants and team) on
every page; `get_team_to_change` (the team's members and the lab team) for every change.
"""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from carelab.improvement import actions, actions_cycles, queries_cycles
from carelab.improvement.access import get_measure, get_team, get_team_to_change, may_change, readers_required
from carelab.improvement.forms_cycles import PART_NAMES, StartForm, initial_after, part_form
from carelab.improvement.models import Cycle

A_CYCLE_ID = re.compile(r"[0-9]{1,18}")


def _posted(request):
    return request.POST if request.method == "POST" else None


def cycle_url(cycle: Cycle, part: str = "") -> str:
    return reverse("improvement:cycle", args=[cycle.team.lab.slug, cycle.team_id, cycle.pk]) + (
        f"#{part}" if part else ""
    )


def offers_next_cycle(cycle: Cycle) -> bool:
    """After "adapt" or "run a next cycle", and only from the last cycle of the chain."""
    return cycle.act in (Cycle.Act.ADAPT, Cycle.Act.NEXT) and not _has_next(cycle)


def _has_next(cycle: Cycle) -> bool:
    try:
        return cycle.next_cycle is not None
    except Cycle.DoesNotExist:
        return False


@require_safe
@readers_required
def cycles(request, slug, pk):
    team = get_team(request.lab, pk)
    return render(
        request,
        "improvement/cycles/list.jinja",
        {
            "lab": request.lab,
            "team": team,
            "groups": queries_cycles.cycles_by_change_idea(team),
            "may_change": may_change(request.user, team),
        },
    )


@require_safe
@readers_required
def cycle(request, slug, pk, cycle_pk):
    team = get_team(request.lab, pk)
    found = queries_cycles.get_cycle(team, cycle_pk)
    changeable = may_change(request.user, team)
    return render(
        request,
        "improvement/cycles/cycle.jinja",
        {
            "lab": request.lab,
            "team": team,
            "cycle": found,
            "next_cycle": found.next_cycle if _has_next(found) else None,
            "measures": list(found.measures.all()),
            "may_change": changeable,
            "offers_next": changeable and offers_next_cycle(found),
        },
    )


@require_http_methods(["GET", "POST"])
@readers_required
def cycle_new(request, slug, pk):
    team = get_team_to_change(request, pk)
    after = None
    asked = request.GET.get("after", "")
    if A_CYCLE_ID.fullmatch(asked):
        after = queries_cycles.find_cycle(team, int(asked))
    form = StartForm(_posted(request), team=team, initial=initial_after(after) if after else None)
    if request.method == "POST":
        if form.is_valid():
            started = actions_cycles.start_cycle(team, form, request.user)
            messages.success(request, f"Started PDSA cycle {started.number} on “{started.change_idea.text}”.")
            return redirect(cycle_url(started))
        actions.flag_refused_words(team, form.words, request.user)
    return render(
        request,
        "improvement/cycles/start.jinja",
        {
            "lab": request.lab,
            "team": team,
            "form": form,
            "after": after,
            "has_change_ideas": bool(form.fields["change_idea"].queryset),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@readers_required
def cycle_part(request, slug, pk, cycle_pk, part):
    team = get_team_to_change(request, pk)
    found = queries_cycles.get_cycle(team, cycle_pk)
    form = part_form(part, _posted(request), found)
    if request.method == "POST":
        if form.is_valid():
            actions_cycles.save_part(form)
            messages.success(request, f"Saved the {PART_NAMES[part].lower()} part of PDSA cycle {found.number}.")
            return redirect(cycle_url(found, part))
        actions.flag_refused_words(team, form.words, request.user)
    return render(
        request,
        "improvement/cycles/part.jinja",
        {"lab": request.lab, "team": team, "cycle": found, "form": form, "part": part, "part_name": PART_NAMES[part]},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@readers_required
def cycle_delete(request, slug, pk, cycle_pk):
    team = get_team_to_change(request, pk)
    found = queries_cycles.get_cycle(team, cycle_pk)
    if request.method == "POST":
        actions_cycles.delete_cycle(found)
        messages.success(request, f"Deleted PDSA cycle {found.number}, “{found.title}”.")
        return redirect("improvement:cycles", slug, team.pk)
    return render(
        request,
        "improvement/cycles/delete.jinja",
        {
            "lab": request.lab,
            "team": team,
            "cycle": found,
            "next_cycle": found.next_cycle if _has_next(found) else None,
        },
    )


@readers_required
def cycle_recalculate(request, slug, pk, cycle_pk, measure_pk):
    """Work a measure's limits out again from a cycle's start (a POST from the measure's page)."""
    team = get_team_to_change(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    measure = get_measure(team, measure_pk)
    found = queries_cycles.get_cycle(team, cycle_pk)
    if found.start_date is None or measure not in found.measures.all():
        raise Http404("This cycle is not marked on this measure's chart.")
    outcome = actions_cycles.recalculate_from_cycle(measure, found)
    when = f"{found.start_date:%-d %B %Y}"
    if outcome == "added":
        messages.success(
            request, f"The limits are now worked out again from {when}, the start of PDSA cycle {found.number}."
        )
    elif outcome == "already":
        messages.info(request, f"The limits were already worked out again from {when}.")
    else:
        messages.error(
            request,
            f"The measure already has {actions_cycles.MAX_RECALCULATION_DATES} dates to work the limits out from. "
            "Remove one when you change the measure first.",
        )
    return redirect(measure.get_absolute_url() + "#chart")
