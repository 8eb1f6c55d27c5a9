"""Sending examples and stories, and the lab team's review (issue 10, section 1), in the permission walk.

The lab's participants and team send them; a person's own submission is theirs alone (anyone
else in the lab gets a 404, the team included: they read it on the review page). The review pages
are the lab team's. The lab team of another lab sees nothing.
"""

from carelab.core.tests.permission_rules import POST_ONLY, TEAM_ONLY
from carelab.evidence.tests.factories import SubmissionFactory

P = "/labs/the-lab/evidence"

# Participants and the lab team (site admins count as every lab's team); others are refused.
PARTICIPANTS_AND_TEAM = {
    "anonymous": 302,
    "member": 403,
    "participant": 200,
    "team": 200,
    "other_team": 403,
    "admin": 200,
}
# The cast participant's own submission: only they see it on these pages.
SENDER_ONLY = {**PARTICIPANTS_AND_TEAM, "team": 404, "admin": 404}
# A POST-only action on one's own submission: a GET is refused (405) before the submission is looked up.
SENDER_POST_ONLY = {**PARTICIPANTS_AND_TEAM, "participant": 405, "team": 405, "admin": 405}

WALK = {
    "evidence:share": (f"{P}/share/", PARTICIPANTS_AND_TEAM),
    "evidence:submissions": (f"{P}/submissions/", PARTICIPANTS_AND_TEAM),
    "evidence:submission": (f"{P}/submissions/{{submit_own.pk}}/", SENDER_ONLY),
    "evidence:submission_withdraw_quote": (f"{P}/submissions/{{submit_own.pk}}/withdraw-quote/", SENDER_POST_ONLY),
    "evidence:submission_delete": (f"{P}/submissions/{{submit_own.pk}}/delete/", SENDER_ONLY),
    "evidence:review_submissions": (f"{P}/team/submissions/", TEAM_ONLY),
    "evidence:review_submission": (f"{P}/team/submissions/{{submit_own.pk}}/", TEAM_ONLY),
    "evidence:accept_submission": (f"{P}/team/submissions/{{submit_own.pk}}/accept/", POST_ONLY),
    "evidence:decline_submission": (f"{P}/team/submissions/{{submit_own.pk}}/decline/", POST_ONLY),
}


def objects(cast) -> dict:
    return {"submit_own": SubmissionFactory(lab=cast.lab, submitted_by=cast.participant)}
