"""PDSA cycles in the permission walk (issue 11 §3).

The lab's participants and team read a team's cycles; only the team's members and the lab team start,
fill in and delete them (the cast has no team member: members are tested in test_cycles.py). The
recalculation is a POST from the measure's page. The lab team of another lab sees nothing.
"""

from datetime import date

from carelab.core.tests.permission_rules import POST_ONLY, TEAM_ONLY
from carelab.improvement.tests.factories import MeasureFactory, TestTeamFactory
from carelab.improvement.tests.factories_cycles import ChangeIdeaFactory, CycleFactory
from carelab.improvement.tests.walk_improvement import READERS

P = "/labs/the-lab/improvement"
T = f"{P}/teams/{{cycles_team.pk}}"
C = f"{T}/cycles/{{cycles_cycle.pk}}"

WALK = {
    "improvement:cycles": (f"{T}/cycles/", READERS),
    "improvement:cycle_new": (f"{T}/cycles/new/", TEAM_ONLY),
    "improvement:cycle": (f"{C}/", READERS),
    "improvement:cycle_plan": (f"{C}/plan/", TEAM_ONLY),
    "improvement:cycle_do": (f"{C}/do/", TEAM_ONLY),
    "improvement:cycle_study": (f"{C}/study/", TEAM_ONLY),
    "improvement:cycle_act": (f"{C}/act/", TEAM_ONLY),
    "improvement:cycle_delete": (f"{C}/delete/", TEAM_ONLY),
    "improvement:cycle_recalculate": (f"{C}/measures/{{cycles_measure.pk}}/recalculate/", POST_ONLY),
}


def objects(cast) -> dict:
    team = TestTeamFactory(lab=cast.lab, name="Cycles walk team")
    measure = MeasureFactory(team=team)
    cycle = CycleFactory(change_idea=ChangeIdeaFactory(team=team), start_date=date(2026, 3, 2), act="adapt")
    cycle.measures.add(measure)
    return {"cycles_team": team, "cycles_cycle": cycle, "cycles_measure": measure}
