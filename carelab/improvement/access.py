"""Who may see and change a lab's test teams, and the only way views reach them.

The lab's participants and team read every test team's page: its challenge, aim, members and
measures, so that teams learn from each other. A team's members and the lab team change it. The
team's private space (its notes) is for its members and the lab team only. Site admins count as
the team of every lab.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from carelab.improvement.models import DataPoint, Measure, TeamMember, TestTeam
from carelab.labs.access import is_lab_team, lab_role_required
from carelab.labs.models import Lab, Role

readers_required = lab_role_required(
    Role.PARTICIPANT, Role.TEAM, refusal="Only the lab's participants and team can see its test teams."
)


def is_member(user, team: TestTeam) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_test_team_member_of", {})
    if team.pk not in cache:
        cache[team.pk] = TeamMember.objects.filter(team=team, user=user).exists()
    return cache[team.pk]


def may_change(user, team: TestTeam) -> bool:
    """The team's members and the lab team."""
    return is_lab_team(user, team.lab) or is_member(user, team)


def get_team(lab: Lab, pk: int) -> TestTeam:
    """A test team of this lab (another lab's is a 404). `readers_required` has checked the person."""
    team = get_object_or_404(TestTeam.objects.for_lab(lab), pk=pk)
    team.lab = lab
    return team


def get_team_to_change(request, pk: int) -> TestTeam:
    team = get_team(request.lab, pk)
    if not may_change(request.user, team):
        raise PermissionDenied("Only the test team's members and the lab team can change it.")
    return team


def get_team_space(request, pk: int) -> TestTeam:
    team = get_team(request.lab, pk)
    if not may_change(request.user, team):
        raise PermissionDenied("Only the test team's members and the lab team can see its private space.")
    return team


def get_measure(team: TestTeam, pk: int) -> Measure:
    measure = get_object_or_404(Measure.objects.filter(team=team), pk=pk)
    measure.team = team
    return measure


def get_point(measure: Measure, pk: int) -> DataPoint:
    return get_object_or_404(DataPoint.objects.filter(measure=measure), pk=pk)


def get_member(team: TestTeam, pk: int) -> TeamMember:
    return get_object_or_404(TeamMember.objects.filter(team=team).select_related("user"), pk=pk)
