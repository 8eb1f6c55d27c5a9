"""The lab menu: each role's pages in a lab, in one place, shown in the header's navigation on
every lab page (decision 0023).

`lab_menu_items` decides what is in it, from facts about the person; `section_of` says which
section a page belongs to, from its URL. Both are unit-tested; the context processor
(`carelab/home/context_processors.py`) joins them for the layout.
"""

import re
from dataclasses import dataclass

from carelab.core.addresses import address

# A page of the lab team's work, which belongs to the "Lab team" section. Each app keeps its lab-team
# pages under `<app>/team/`; comments (but their policy) and safeguarding are team-only throughout.
_TEAM_PATH = re.compile(r"^/labs/[^/]+/(team/|[a-z-]+/team/|safeguarding/|comments/(queue|reports|policy/edit|\d+/))")
_DETAILS_PATH = re.compile(r"^/labs/[^/]+/team/(details|phases)/")

# The section of a lab's page by its URL namespace, and for the participants app by URL name.
_SECTIONS_BY_NAMESPACE = {
    "posts": "posts",
    "comments": "posts",
    "surveys": "surveys",
    "events": "events",
    "participants": "participants",
    "connect": "introductions",
    "updates": "updates",
    "organisations": "about",
    "insights": "coding",
    "evidence": "evidence",
    "improvement": "test_teams",
    "ideas": "ideas",
}
_APPLICATION_PAGES = {"apply", "account", "check", "application", "update", "withdraw_consent", "give_consent"}
_LABS_PAGES = {"home": "about", "surveys": "surveys"}
_PUBLIC_INSIGHT_PAGES = {"public_list", "public_insight"}


def section_of(path: str, namespace: str, url_name: str) -> str:
    """Which section of the lab menu a page of a lab is in ("" for none)."""
    if _DETAILS_PATH.match(path):
        return "details"
    if _TEAM_PATH.match(path):
        return "team"
    if namespace == "labs":
        return _LABS_PAGES.get(url_name, "team")
    if namespace == "participants" and url_name in _APPLICATION_PAGES:
        return "application"
    if namespace == "insights" and url_name in _PUBLIC_INSIGHT_PAGES:
        return "insights"
    if namespace == "comments" and url_name == "create_on_idea":
        return "ideas"
    return _SECTIONS_BY_NAMESPACE.get(namespace, "")


@dataclass(frozen=True)
class Viewer:
    """What the menu needs to know about the person looking at a lab."""

    signed_in: bool
    participant_or_team: bool  # the lab's participants and team (and site admins)
    team: bool  # the lab's team (and site admins)
    applied: bool  # has sent an application to become a participant
    coder: bool = False  # invited by the lab team to code the lab's sources (the team codes too)
    published_insights: bool = False  # the lab has published an insight: everyone may read it


def lab_menu_items(slug: str, viewer: Viewer, section: str, path: str) -> list[dict]:
    """The lab menu for this person, as items for the NHS.UK header's navigation.

    Each person sees only the pages they may use. The item of the page itself is `current`
    (aria-current="page"); the item of the section a page is in is `active` (aria-current="true").
    """
    items = [
        ("about", "About the lab", address("labs:home", slug)),
        ("posts", "Posts", address("posts:list", slug)),
        ("surveys", "Surveys", address("labs:surveys", slug)),
        ("events", "Events", address("events:list", slug)),
        ("participants", "Participants", address("participants:directory", slug)),
    ]
    if viewer.published_insights:
        items.append(("insights", "Insights", address("insights:public_list", slug)))
    # Published ideas are public lab content, as posts are; anyone signed in proposes one.
    items.append(("ideas", "Ideas", address("ideas:list", slug)))
    if viewer.participant_or_team:
        items += [
            ("introductions", "Introductions", address("connect:inbox", slug)),
            ("updates", "Updates", address("updates:list", slug)),
            ("evidence", "Evidence", address("evidence:library", slug)),
            ("test_teams", "Test teams", address("improvement:teams", slug)),
        ]
    if viewer.applied:
        items.append(("application", "Your application", address("participants:application", slug)))
    if viewer.team or viewer.coder:
        items.append(("coding", "Coding", address("insights:coding", slug)))
    if viewer.team:
        items += [
            ("team", "Lab team", address("labs:team_dashboard", slug)),
            ("details", "Lab details", address("labs:details", slug)),
        ]
    return [
        {
            "key": key,
            "text": text,
            "href": href,
            "current": href == path,
            "active": key == section and href != path,
        }
        for key, text, href in items
    ]
