"""Who may see a page: the expected status by role, shared by the permission walk and each app's walk module.

An app adds its pages to the walk in `carelab/<app>/tests/walk_<feature>.py`, with `WALK` (name: (path
template, expected status by role)) and `objects(cast) -> dict` (the objects its paths are filled from;
give keys a prefix of the feature so they never clash). `test_permission_walk.py` gathers them all.
"""

from carelab.conftest import CAST_ROLES

EVERYONE = dict.fromkeys(CAST_ROLES, 200)
SIGNED_IN = {**EVERYONE, "anonymous": 302}
TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}
# A draft post does not exist for anyone but the lab team.
TEAM_ELSE_404 = {"anonymous": 404, "member": 404, "participant": 404, "team": 200, "other_team": 404, "admin": 200}
SIGNED_OUT_ONLY = {**dict.fromkeys(CAST_ROLES, 302), "anonymous": 200}
# allauth pages that only make sense in the middle of a flow send everyone elsewhere.
REDIRECTS_EVERYONE = dict.fromkeys(CAST_ROLES, 302)
NOT_FOUND = dict.fromkeys(CAST_ROLES, 404)  # survey answering (issue 3)
# POST-only actions: a GET is refused (405) for the team, and nobody else gets that far.
POST_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 405, "other_team": 403, "admin": 405}
