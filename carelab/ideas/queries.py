"""Reads for the ideas pages, each in a fixed number of queries however many ideas there are."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from carelab.ideas.models import Idea, StageChange, Support
from carelab.insights.models import Insight, OpportunityArea
from carelab.labs.models import Lab
from carelab.safeguarding.models import SafeguardingFlag, flag_for_source


def published_ideas(lab: Lab, *, stage: str = "", area: OpportunityArea | None = None):
    """The lab's published ideas, newest first, with their authors and supporters counted."""
    ideas = Idea.objects.for_lab(lab).published().select_related("author", "lab").annotate(supporters=Count("supports"))
    if stage:
        ideas = ideas.filter(stage=stage)
    if area is not None:
        ideas = ideas.filter(areas=area)
    return ideas.order_by("-created_at", "-pk")


def own_unpublished_ideas(lab: Lab, user) -> list[Idea]:
    """The person's ideas others cannot see (held or not published), for their own view of the list."""
    if not user.is_authenticated:
        return []
    waiting = [Idea.Status.HELD, Idea.Status.REJECTED]
    return list(Idea.objects.for_lab(lab).filter(author=user, status__in=waiting).order_by("-created_at", "-pk"))


def held_ideas(lab: Lab):
    """Ideas waiting for the lab team, oldest first, with any safeguarding flag they raised."""
    return (
        Idea.objects.for_lab(lab)
        .filter(status=Idea.Status.HELD)
        .select_related("author")
        .annotate(safeguarding_flag_id=flag_for_source(SafeguardingFlag.Source.IDEA))
        .order_by("created_at", "pk")
    )


def areas_of(lab: Lab):
    return OpportunityArea.objects.filter(lab=lab).order_by("name", "pk")


def published_insights_of(lab: Lab):
    return Insight.objects.filter(lab=lab, status=Insight.Status.PUBLISHED).order_by("statement", "pk")


def get_area_or_none(lab: Lab, value: str | None) -> OpportunityArea | None:
    """The area a list filter names (an id as typed in the address), or None for none or nonsense."""
    if not value or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return OpportunityArea.objects.filter(lab=lab, pk=int(value)).first()


@dataclass(frozen=True)
class IdeaPage:
    idea: Idea
    insights: list  # published insights only: an unpublished one is not linked to
    areas: list
    supporters: int
    supported_by_viewer: bool
    history: list
    # The test teams that took the idea up (named on their page, or testing it as a change idea).
    test_teams: list


def idea_page(idea: Idea, user) -> IdeaPage:
    """What an idea's page shows, in five queries."""
    supports = Support.objects.filter(idea=idea)
    counted = supports.aggregate(
        count=Count("pk"),
        mine=Count("pk", filter=_mine(user)),
    )
    return IdeaPage(
        idea=idea,
        insights=list(idea.insights.filter(status=Insight.Status.PUBLISHED).order_by("statement", "pk")),
        areas=list(idea.areas.order_by("name", "pk")),
        supporters=counted["count"],
        supported_by_viewer=bool(counted["mine"]),
        history=list(StageChange.objects.filter(idea=idea).select_related("actor").order_by("created_at", "pk")),
        test_teams=_test_teams_of(idea),
    )


def _test_teams_of(idea: Idea) -> list:
    """The test teams that named the idea or test it as a change idea, by name, in one query. Reached through
    the relations the improvement app declares, so ideas (a lower layer) imports nothing from it."""
    teams = idea.lab.test_teams.filter(Q(ideas=idea) | Q(driver_nodes__idea=idea)).distinct()
    return list(teams.order_by("name", "pk"))


def _mine(user) -> Q:
    return Q(user_id=user.pk) if user.is_authenticated else Q(pk__in=[])


def ideas_with_links(ideas):
    """Ideas with their areas ready to show, in one more query."""
    return ideas.prefetch_related(Prefetch("areas", queryset=OpportunityArea.objects.order_by("name", "pk")))
