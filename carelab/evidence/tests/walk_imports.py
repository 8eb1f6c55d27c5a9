"""Importing reference files (issue 10): the lab team only."""

from carelab.core.tests.permission_rules import TEAM_ONLY

WALK = {
    "evidence:import": ("/labs/the-lab/evidence/import/", TEAM_ONLY),
}


def objects(cast) -> dict:
    return {}
