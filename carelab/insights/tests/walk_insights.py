"""The making-sense and insight pages in the permission walk (issue 10, section 4).

The team pages are the lab team's alone; the public pages show a published insight to everyone,
signed in or not, and a draft to nobody (404, the team included: it has its own page).
"""

from carelab.core.tests.permission_rules import EVERYONE, NOT_FOUND, POST_ONLY, TEAM_ONLY
from carelab.insights.tests.factories_insights import AreaFactory, InsightFactory, PublishedInsightFactory, ThemeFactory

P = "/labs/the-lab/insights"
M = f"{P}/making-sense"

WALK = {
    "insights:public_list": (f"{P}/", EVERYONE),
    "insights:public_insight": (f"{P}/{{insight_published.pk}}/", EVERYONE),
    "insights:public_insight (draft)": (f"{P}/{{insight_draft.pk}}/", NOT_FOUND),
    "insights:making_sense": (f"{M}/", TEAM_ONLY),
    "insights:theme_add": (f"{M}/themes/new/", TEAM_ONLY),
    "insights:theme_edit": (f"{M}/themes/{{insight_theme.pk}}/", TEAM_ONLY),
    "insights:theme_delete": (f"{M}/themes/{{insight_theme.pk}}/delete/", TEAM_ONLY),
    "insights:area_add": (f"{M}/areas/new/", TEAM_ONLY),
    "insights:area_edit": (f"{M}/areas/{{insight_area.pk}}/", TEAM_ONLY),
    "insights:area_delete": (f"{M}/areas/{{insight_area.pk}}/delete/", TEAM_ONLY),
    "insights:team_insights": (f"{M}/insights/", TEAM_ONLY),
    "insights:insight_add": (f"{M}/insights/new/", TEAM_ONLY),
    "insights:insight": (f"{M}/insights/{{insight_draft.pk}}/", TEAM_ONLY),
    "insights:insight_edit": (f"{M}/insights/{{insight_draft.pk}}/edit/", TEAM_ONLY),
    "insights:insight_delete": (f"{M}/insights/{{insight_draft.pk}}/delete/", TEAM_ONLY),
    "insights:insight_support": (f"{M}/insights/{{insight_draft.pk}}/support/", TEAM_ONLY),
    "insights:insight_unlink": (f"{M}/insights/{{insight_draft.pk}}/support/remove/", POST_ONLY),
    "insights:insight_status": (f"{M}/insights/{{insight_draft.pk}}/status/", POST_ONLY),
}


def objects(cast) -> dict:
    lab = cast.lab
    theme = ThemeFactory(lab=lab, name="Being believed")
    area = AreaFactory(lab=lab, name="The first appointment")
    area.themes.add(theme)
    return {
        "insight_theme": theme,
        "insight_area": area,
        "insight_draft": InsightFactory(lab=lab, created_by=cast.team),
        "insight_published": PublishedInsightFactory(lab=lab, created_by=cast.team),
    }
