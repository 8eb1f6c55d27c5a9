"""Ideas in the permission walk (issue 11, section 1).

Published ideas are public lab content, as posts are: everyone reads them; anyone signed in
proposes, supports and comments. A held idea exists only for its author (here the cast participant)
and the lab team; only its author changes or withdraws it; only the lab team reviews held ideas and
moves ideas between stages. The team of another lab has no powers here.
"""

from carelab.core.tests.permission_rules import EVERYONE, SIGNED_IN, TEAM_ONLY
from carelab.ideas.tests.factories import IdeaFactory, StageChangeFactory, SupportFactory

P = "/labs/the-lab/ideas"
AUTHOR_AND_TEAM = {"anonymous": 404, "member": 404, "participant": 200, "team": 200, "other_team": 404, "admin": 200}
AUTHOR_ONLY = {"anonymous": 302, "member": 404, "participant": 200, "team": 404, "other_team": 404, "admin": 404}
SIGNED_IN_POST_ONLY = {**dict.fromkeys(EVERYONE, 405), "anonymous": 302}

WALK = {
    "ideas:list": (f"{P}/", EVERYONE),
    "ideas:propose": (f"{P}/new/", SIGNED_IN),
    "ideas:idea": (f"{P}/{{ideas_published.pk}}/", EVERYONE),
    "ideas:idea (held)": (f"{P}/{{ideas_held.pk}}/", AUTHOR_AND_TEAM),
    "ideas:edit": (f"{P}/{{ideas_held.pk}}/edit/", AUTHOR_ONLY),
    "ideas:withdraw": (f"{P}/{{ideas_held.pk}}/withdraw/", AUTHOR_ONLY),
    "ideas:support": (f"{P}/{{ideas_published.pk}}/support/", SIGNED_IN_POST_ONLY),
    "ideas:withdraw_support": (f"{P}/{{ideas_published.pk}}/support/withdraw/", SIGNED_IN_POST_ONLY),
    "ideas:held": (f"{P}/team/held/", TEAM_ONLY),
    "ideas:review": (f"{P}/team/{{ideas_held.pk}}/review/", TEAM_ONLY),
    "ideas:stage": (f"{P}/team/{{ideas_published.pk}}/stage/", TEAM_ONLY),
    "comments:create_on_idea": ("/labs/the-lab/comments/ideas/{ideas_published.pk}/new/", SIGNED_IN),
}


def objects(cast) -> dict:
    published = IdeaFactory(lab=cast.lab, author=cast.member)
    SupportFactory(idea=published, user=cast.participant)
    StageChangeFactory(idea=published, actor=cast.team)
    return {
        "ideas_published": published,
        "ideas_held": IdeaFactory(lab=cast.lab, author=cast.participant, held=True),
    }
