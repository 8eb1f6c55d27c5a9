"""Writes for PDSA cycles, each one whole or not at all.

Cycles on one change idea form a chain: each cycle's `previous` is the one before it and `number`
counts from 1 along the chain. Starting a cycle adds it to the end of its change idea's chain;
deleting one joins its neighbours and closes the gap in the numbers (decision 0040).
"""

from __future__ import annotations

from django.db import transaction

from carelab.improvement.forms_cycles import StartForm
from carelab.improvement.models import Cycle, DriverNode, Measure, TestTeam

MAX_RECALCULATION_DATES = 50  # as the measure's own form allows


@transaction.atomic
def start_cycle(team: TestTeam, form: StartForm, by) -> Cycle:
    """A new cycle at the end of the chosen change idea's chain, from a valid `StartForm`."""
    # Locking the change idea makes two cycles started at once on it take the numbers one after the other.
    idea = DriverNode.objects.select_for_update().get(
        pk=form.cleaned_data["change_idea"].pk, team=team, level=DriverNode.Level.CHANGE
    )
    last = Cycle.objects.filter(change_idea=idea).order_by("-number", "-pk").first()
    cycle = form.save(commit=False)
    cycle.team, cycle.change_idea, cycle.created_by = team, idea, by
    cycle.number = last.number + 1 if last else 1
    cycle.previous = last
    cycle.save()
    form.save_m2m()
    return cycle


@transaction.atomic
def save_part(form) -> Cycle:
    """Save one part of a cycle (plan, do, study or act) from its valid form."""
    return form.save()


@transaction.atomic
def delete_cycle(cycle: Cycle) -> None:
    """Delete a cycle: the cycle after it now follows the one before it, and later numbers move down one,
    so the chain reads 1, 2, 3 again. Its links to measures and to learning entries go with it."""
    chain = Cycle.objects.select_for_update().filter(change_idea_id=cycle.change_idea_id)
    list(chain.order_by("number", "pk"))  # lock the whole chain while it is re-linked
    following = chain.filter(previous=cycle).first()
    previous_id, number = cycle.previous_id, cycle.number
    cycle.delete()
    if following is not None:
        following.previous_id = previous_id
        following.save(update_fields=["previous"])
    # One at a time, lowest first, so two cycles never hold the same number on the change idea.
    for later in chain.filter(number__gt=number).order_by("number", "pk"):
        later.number -= 1
        later.save(update_fields=["number"])


@transaction.atomic
def recalculate_from_cycle(measure: Measure, cycle: Cycle) -> str:
    """Work the measure's limits out again from the cycle's start date. Says what happened: "added",
    "already" (the date was there) or "too_many" (the measure has as many dates as it may)."""
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    dates = list(locked.recalculate_from or [])
    when = cycle.start_date.isoformat()
    if when in dates:
        return "already"
    if len(dates) >= MAX_RECALCULATION_DATES:
        return "too_many"
    locked.recalculate_from = sorted({*dates, when})
    locked.save(update_fields=["recalculate_from"])
    measure.recalculate_from = locked.recalculate_from
    return "added"
