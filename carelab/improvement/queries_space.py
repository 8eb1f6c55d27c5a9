"""What a test team's private space reads: its notes and files, each list in a fixed number of queries.

`get_team_space` (access.py) has checked the person before any of these run; the getters here find a
note or file of that team only, so another team's is a 404.
"""

from django.db.models import Count, Max
from django.shortcuts import get_object_or_404

from carelab.improvement.models import TeamFile, TeamNote, TestTeam


def notes_of(team: TestTeam):
    return TeamNote.objects.filter(team=team).select_related("author").order_by("-updated_at", "-pk")


def files_of(team: TestTeam):
    return TeamFile.objects.filter(team=team).select_related("uploaded_by").order_by("-uploaded_at", "-pk")


def get_note(team: TestTeam, pk: int) -> TeamNote:
    note = get_object_or_404(TeamNote.objects.filter(team=team).select_related("author"), pk=pk)
    note.team = team
    return note


def get_file(team: TestTeam, pk: int) -> TeamFile:
    found = get_object_or_404(TeamFile.objects.filter(team=team), pk=pk)
    found.team = team
    return found


def space_summary(team: TestTeam) -> dict:
    """How many notes and files the space has, and when it last changed, for the team's page."""
    notes = TeamNote.objects.filter(team=team).aggregate(count=Count("pk"), latest=Max("updated_at"))
    files = TeamFile.objects.filter(team=team).aggregate(count=Count("pk"), latest=Max("uploaded_at"))
    latest = max((when for when in (notes["latest"], files["latest"]) if when), default=None)
    return {"notes": notes["count"], "files": files["count"], "latest": latest}
