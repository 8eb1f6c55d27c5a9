"""The theme suggestion pages in the permission walk (issue 10, section 3).

The lab team's pages; code suggestions show on the coding pages, already in walk_coding.py.
The lab team of another lab sees nothing.
"""

from carelab.core.tests.permission_rules import POST_ONLY, TEAM_ONLY
from carelab.insights.models import SuggestionRun
from carelab.insights.tests.factories_coding import SourceFactory

P = "/labs/the-lab/insights/coding/suggestions"

WALK = {
    "insights:suggestions": (f"{P}/", TEAM_ONLY),
    "insights:suggestion_run": (f"{P}/{{suggestion_run.pk}}/", TEAM_ONLY),
    "insights:suggestion_theme": (f"{P}/{{suggestion_run.pk}}/themes/0/", POST_ONLY),
}


def objects(cast) -> dict:
    lab = cast.lab
    sources = [SourceFactory(lab=lab, text=text) for text in ("Walking helped my back.", "Walking with friends.")]
    run = SuggestionRun.objects.create(
        lab=lab,
        kind=SuggestionRun.Kind.THEMES,
        status=SuggestionRun.Status.DONE,
        request={"source_ids": [s.pk for s in sources], "n_themes": None, "scope": "Every source", "seed": 0},
        result={
            "themes": [
                {
                    "label": "walking",
                    "keywords": ["walking"],
                    "examples": [sources[0].pk],
                    "sources": [s.pk for s in sources],
                    "state": "open",
                    "code": None,
                }
            ],
            "unthemed": [],
        },
        done=2,
        total=2,
        requested_by=cast.team,
    )
    return {"suggestion_run": run}
