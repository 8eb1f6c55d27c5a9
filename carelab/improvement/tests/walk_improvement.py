"""Test teams and measures in the permission walk (issue 11).

The lab's participants and team read the teams' pages; only a team's members and the lab team change
them (the cast has no team member, so the walk sees the lab team only: members are tested in
test_measures.py); the lab team alone sets up teams and chooses members. The lab team of another lab
sees nothing.
"""

from carelab.core.tests.permission_rules import POST_ONLY, TEAM_ONLY
from carelab.improvement.tests.factories import DataPointFactory, MeasureFactory, TeamMemberFactory, TestTeamFactory

READERS = {"anonymous": 302, "member": 403, "participant": 200, "team": 200, "other_team": 403, "admin": 200}
P = "/labs/the-lab/improvement"
T = f"{P}/teams/{{improvement_team.pk}}"
M = f"{T}/measures/{{improvement_measure.pk}}"

WALK = {
    "improvement:teams": (f"{P}/teams/", READERS),
    "improvement:team_new": (f"{P}/team/teams/new/", TEAM_ONLY),
    "improvement:team": (f"{T}/", READERS),
    "improvement:team_edit": (f"{T}/edit/", TEAM_ONLY),
    "improvement:members": (f"{T}/members/", TEAM_ONLY),
    "improvement:member_remove": (f"{T}/members/{{improvement_member.pk}}/remove/", POST_ONLY),
    "improvement:measure_new": (f"{T}/measures/new/", TEAM_ONLY),
    "improvement:measure": (f"{M}/", READERS),
    "improvement:measure_edit": (f"{M}/edit/", TEAM_ONLY),
    "improvement:measure_delete": (f"{M}/delete/", TEAM_ONLY),
    "improvement:upload": (f"{M}/upload/", TEAM_ONLY),
    "improvement:point_edit": (f"{M}/points/{{improvement_point.pk}}/", TEAM_ONLY),
    "improvement:chart_svg": (f"{M}/chart.svg", READERS),
    "improvement:chart_png": (f"{M}/chart.png", READERS),
    "improvement:data_csv": (f"{M}/data.csv", READERS),
}


def objects(cast) -> dict:
    team = TestTeamFactory(lab=cast.lab, name="Walk team")
    measure = MeasureFactory(team=team)
    return {
        "improvement_team": team,
        "improvement_member": TeamMemberFactory(team=team),
        "improvement_measure": measure,
        "improvement_point": DataPointFactory(measure=measure),
    }
