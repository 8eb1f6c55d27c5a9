"""Driver diagrams in the permission walk (issue 11, section 2).

The lab's participants and team read a team's diagram and download it; only the team's members and the
lab team change it (the cast has no team member: members are tested in test_diagram.py). The lab team
of another lab sees nothing.
"""

from carelab.core.tests.permission_rules import POST_ONLY, TEAM_ONLY
from carelab.improvement.models import DriverNode
from carelab.improvement.tests.factories import TestTeamFactory
from carelab.improvement.tests.factories_diagram import DriverNodeFactory

READERS = {"anonymous": 302, "member": 403, "participant": 200, "team": 200, "other_team": 403, "admin": 200}
D = "/labs/the-lab/improvement/teams/{diagram_team.pk}/diagram"
N = f"{D}/nodes/{{diagram_node.pk}}"

WALK = {
    "improvement:diagram": (f"{D}/", READERS),
    "improvement:diagram_svg": (f"{D}/diagram.svg", READERS),
    "improvement:diagram_add": (f"{D}/add/", TEAM_ONLY),
    "improvement:diagram_add_under": (f"{N}/add/", TEAM_ONLY),
    "improvement:diagram_edit": (f"{N}/edit/", TEAM_ONLY),
    "improvement:diagram_move": (f"{N}/move/", POST_ONLY),
    "improvement:diagram_delete": (f"{N}/delete/", TEAM_ONLY),
}


def objects(cast) -> dict:
    team = TestTeamFactory(lab=cast.lab, name="Diagram walk team")
    primary = DriverNodeFactory(team=team, text="People are seen quickly")
    secondary = DriverNodeFactory(parent=primary, level=DriverNode.Level.SECONDARY, text="Referrals go to one place")
    return {"diagram_team": team, "diagram_node": secondary}
