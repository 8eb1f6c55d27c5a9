"""What the PDSA cycle pages read, each in a fixed number of queries however many cycles there are.

`readers_required` and `get_team` / `get_team_to_change` (improvement/access.py) have checked the
person and found the team; everything here is scoped to that team.
"""

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from carelab.improvement.models import Cycle, DriverNode, Measure, TestTeam

NEWEST_ON_TEAM_PAGE = 5


def change_ideas_of(team: TestTeam):
    return DriverNode.objects.filter(team=team, level=DriverNode.Level.CHANGE).order_by("position", "pk")


def cycles_by_change_idea(team: TestTeam) -> list[tuple[DriverNode, list[Cycle]]]:
    """Every change idea of the team, in the diagram's order, with its cycles in the order of the chain
    (a change idea with no cycle yet has an empty list). Two queries."""
    ideas = list(change_ideas_of(team))
    cycles = Cycle.objects.filter(team=team).order_by("change_idea", "number", "pk")
    by_idea = {idea_pk: list(found) for idea_pk, found in groupby(cycles, key=lambda c: c.change_idea_id)}
    for idea in ideas:
        idea.team = team
        for cycle in by_idea.get(idea.pk, []):
            cycle.change_idea, cycle.team = idea, team
    return [(idea, by_idea.get(idea.pk, [])) for idea in ideas]


def newest_cycles(team: TestTeam, count: int = NEWEST_ON_TEAM_PAGE) -> list[Cycle]:
    return list(Cycle.objects.filter(team=team).select_related("change_idea").order_by("-created_at", "-pk")[:count])


def get_cycle(team: TestTeam, pk: int) -> Cycle:
    """A cycle of this team (another team's is a 404), with its change idea, its neighbours in the chain
    and its measures."""
    cycle = get_object_or_404(
        Cycle.objects.filter(team=team)
        .select_related("change_idea", "previous", "next_cycle")
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("position", "pk"))),
        pk=pk,
    )
    cycle.team = team
    return cycle


def cycles_marked_on(measure: Measure) -> list[Cycle]:
    """The cycles whose measures include this one, with a start date: the ones its chart marks."""
    return list(
        Cycle.objects.filter(measures=measure, start_date__isnull=False)
        .select_related("change_idea")
        .order_by("start_date", "pk")
    )


def find_cycle(team: TestTeam, pk: int) -> Cycle | None:
    """A cycle of this team, or None: for a link that names a cycle in its query string."""
    return Cycle.objects.filter(team=team, pk=pk).select_related("change_idea").first()
