"""What the learning log reads: the lab's entries, searched and filtered, in a fixed number of queries.

The search is simple on purpose (decision 0041): every word typed must appear, in any case, in the
entry's title, what was tried, what happened or what was learned. A lab's log holds hundreds of
entries, not the tens of thousands the evidence library's full-text index is for, so a
case-insensitive "contains" per word is fast enough and finds parts of words ("refer" finds
"referrals") on SQLite and PostgreSQL alike.
"""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from carelab.ideas.models import Idea
from carelab.improvement.models import Cycle, LearningEntry, TestTeam
from carelab.insights.models import Insight
from carelab.labs.models import Lab

SEARCHED_FIELDS = ("title", "tried", "happened", "learned")
MAX_SEARCH_WORDS = 10


def search_words(query: str) -> list[str]:
    """The words of a search, each once, at most `MAX_SEARCH_WORDS`."""
    return list(dict.fromkeys(word.casefold() for word in query.split()))[:MAX_SEARCH_WORDS]


def find_entries(lab: Lab, *, query: str = "", team: TestTeam | None = None):
    entries = LearningEntry.objects.filter(team__lab=lab)
    if team is not None:
        entries = entries.filter(team=team)
    for word in search_words(query):
        matches = Q()
        for name in SEARCHED_FIELDS:
            matches |= Q(**{f"{name}__icontains": word})
        entries = entries.filter(matches)
    return entries.select_related("team").order_by("-created_at", "-pk")


def team_choices(lab: Lab):
    return TestTeam.objects.for_lab(lab).order_by("name", "pk")


def learning_of(team: TestTeam, limit: int = 5) -> list[LearningEntry]:
    """The team's latest entries, for its page."""
    return list(LearningEntry.objects.filter(team=team).order_by("-created_at", "-pk")[:limit])


def get_entry(lab: Lab, pk: int) -> LearningEntry:
    """An entry of one of this lab's teams, with what it links to (another lab's is a 404)."""
    entry = get_object_or_404(
        LearningEntry.objects.filter(team__lab=lab)
        .select_related("team", "author")
        .prefetch_related(
            Prefetch("cycles", queryset=Cycle.objects.order_by("number", "pk")),
            Prefetch("ideas", queryset=Idea.objects.order_by("title", "pk")),
            Prefetch("insights", queryset=Insight.objects.order_by("statement", "pk")),
        ),
        pk=pk,
    )
    entry.team.lab = lab
    return entry


def get_team_entry(team: TestTeam, pk: int) -> LearningEntry:
    """An entry of this team, to change or delete (another team's is a 404)."""
    entry = get_object_or_404(LearningEntry.objects.filter(team=team), pk=pk)
    entry.team = team
    return entry


def cycles_to_link(team: TestTeam):
    return Cycle.objects.filter(team=team).order_by("change_idea", "number", "pk")


def ideas_to_link(lab: Lab):
    return lab.ideas.published().order_by("title", "pk")


def insights_to_link(lab: Lab):
    return Insight.objects.filter(lab=lab, status=Insight.Status.PUBLISHED).order_by("statement", "pk")
