"""The REFI-QDA exchange pages in the permission walk (issue 10, section 6): the lab team only.

The walk's lab has a code (walk_coding.py adds one), so the codebook download is a 200 for the team.
"""

from carelab.core.tests.permission_rules import TEAM_ONLY

P = "/labs/the-lab/insights/coding"

WALK = {
    "insights:exchange": (f"{P}/exchange/", TEAM_ONLY),
    "insights:export_qdc": (f"{P}/exchange/codebook.qdc", TEAM_ONLY),
    "insights:export_qdpx": (f"{P}/exchange/project.qdpx", TEAM_ONLY),
}


def objects(cast) -> dict:
    return {}
