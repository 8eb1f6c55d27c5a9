"""The analysis pages in the permission walk (issue 10, section 2): the lab team only.

Invited coders are refused too (test_analysis.py); the lab team of another lab sees nothing.
"""

from carelab.core.tests.permission_rules import TEAM_ONLY

P = "/labs/the-lab/insights/coding"

WALK = {
    "insights:agreement": (f"{P}/agreement/", TEAM_ONLY),
    "insights:groups": (f"{P}/groups/", TEAM_ONLY),
}


def objects(cast) -> dict:
    return {}
