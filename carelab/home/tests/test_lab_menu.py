"""The lab menu: each role's pages in a lab, in the header's navigation on every lab page."""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.home.menu import Viewer, lab_menu_items, section_of
from carelab.participants.tests.factories import ApplicationFactory

ANONYMOUS = Viewer(signed_in=False, participant_or_team=False, team=False, applied=False)
MEMBER = Viewer(signed_in=True, participant_or_team=False, team=False, applied=False)
APPLIED = Viewer(signed_in=True, participant_or_team=False, team=False, applied=True)
PARTICIPANT = Viewer(signed_in=True, participant_or_team=True, team=False, applied=True)
TEAM = Viewer(signed_in=True, participant_or_team=True, team=True, applied=False)
EVERYONES = ["About the lab", "Posts", "Surveys", "Events", "Participants", "Ideas"]
PARTICIPANTS = [*EVERYONES, "Introductions", "Updates", "Evidence", "Test teams"]
TEAMS = [*PARTICIPANTS, "Coding", "Lab team", "Lab details"]


def texts(items):
    return [item["text"] for item in items]


# The presenter, on its own.


@pytest.mark.parametrize(
    "viewer, expected",
    [
        (ANONYMOUS, EVERYONES),
        (Viewer(signed_in=True, participant_or_team=False, team=False, applied=False), EVERYONES),
        (Viewer(signed_in=True, participant_or_team=False, team=False, applied=True), [*EVERYONES, "Your application"]),
        (
            Viewer(signed_in=True, participant_or_team=True, team=False, applied=True),
            [*PARTICIPANTS, "Your application"],
        ),
        (Viewer(signed_in=True, participant_or_team=True, team=True, applied=False), TEAMS),
        # An invited coder (issue 10) codes the lab's sources; they are often a participant too.
        (
            Viewer(signed_in=True, participant_or_team=True, team=False, applied=True, coder=True),
            [*PARTICIPANTS, "Your application", "Coding"],
        ),
    ],
)
def test_the_menu_offers_each_person_only_the_pages_they_may_use(db, viewer, expected):
    assert texts(lab_menu_items("the-lab", viewer, "", "/")) == expected


def test_the_page_itself_is_current_and_nothing_else_is_marked(db):
    items = lab_menu_items("the-lab", ANONYMOUS, "posts", "/labs/the-lab/posts/")
    assert [(item["text"], item["current"], item["active"]) for item in items if item["current"] or item["active"]] == [
        ("Posts", True, False)
    ]


def test_a_page_inside_a_section_marks_the_section_as_active_not_current(db):
    items = lab_menu_items("the-lab", ANONYMOUS, "posts", "/labs/the-lab/posts/a-post/")
    marked = [(item["text"], item["current"], item["active"]) for item in items if item["current"] or item["active"]]
    assert marked == [("Posts", False, True)]


@pytest.mark.parametrize(
    "path, namespace, url_name, section",
    [
        ("/labs/the-lab/", "labs", "home", "about"),
        ("/labs/the-lab/surveys/", "labs", "surveys", "surveys"),
        ("/labs/the-lab/surveys/launch/", "surveys", "start", "surveys"),
        ("/labs/the-lab/surveys/team/", "surveys", "team_list", "team"),
        ("/labs/the-lab/posts/a-post/", "posts", "detail", "posts"),
        ("/labs/the-lab/comments/posts/1/new/", "comments", "create", "posts"),
        ("/labs/the-lab/comments/queue/", "comments", "queue", "team"),
        ("/labs/the-lab/ideas/3/", "ideas", "idea", "ideas"),
        ("/labs/the-lab/comments/ideas/3/new/", "comments", "create_on_idea", "ideas"),
        ("/labs/the-lab/ideas/team/held/", "ideas", "held", "team"),
        ("/labs/the-lab/events/3/", "events", "detail", "events"),
        ("/labs/the-lab/participants/", "participants", "directory", "participants"),
        ("/labs/the-lab/participants/apply/", "participants", "apply", "application"),
        ("/labs/the-lab/participants/application/", "participants", "application", "application"),
        ("/labs/the-lab/participants/team/applications/", "participants", "review_queue", "team"),
        ("/labs/the-lab/connect/4/", "connect", "conversation", "introductions"),
        ("/labs/the-lab/updates/2/", "updates", "detail", "updates"),
        ("/labs/the-lab/evidence/3/", "evidence", "item", "evidence"),
        ("/labs/the-lab/safeguarding/", "safeguarding", "queue", "team"),
        ("/labs/the-lab/team/", "labs", "team_dashboard", "team"),
        ("/labs/the-lab/team/settings/", "labs", "team_settings", "team"),
        ("/labs/the-lab/team/details/", "labs", "details", "details"),
        ("/labs/the-lab/team/phases/7/", "labs", "phase_edit", "details"),
    ],
)
def test_each_page_belongs_to_its_section(path, namespace, url_name, section):
    assert section_of(path, namespace, url_name) == section


# The menu as each person sees it on the lab's pages.

EXPECTED_MENU = {
    "anonymous": EVERYONES,
    "member": EVERYONES,
    "participant": PARTICIPANTS,
    "team": TEAMS,
    "other_team": EVERYONES,
    "admin": TEAMS,
}


def menu_of(page):
    return page.select_one('nav.nhsuk-header__navigation[aria-label="Lab menu"]')


@pytest.mark.parametrize("role", CAST_ROLES)
def test_every_person_sees_their_lab_menu_on_the_lab_home_page(cast, client_for, role):
    page = parse(client_for(cast.person(role)).get("/labs/the-lab/"))
    menu = menu_of(page)
    links = menu.select(".nhsuk-header__navigation-item a")
    assert [text_of(link) for link in links] == EXPECTED_MENU[role]
    marked = [(text_of(link), link["aria-current"]) for link in menu.select("[aria-current]")]
    assert marked == [("About the lab", "page")]


@pytest.mark.parametrize(
    "path, marked",
    [
        ("/labs/the-lab/posts/", ("Posts", "page")),
        ("/labs/the-lab/surveys/", ("Surveys", "page")),
        ("/labs/the-lab/events/", ("Events", "page")),
        ("/labs/the-lab/participants/", ("Participants", "page")),
        ("/labs/the-lab/connect/", ("Introductions", "page")),
        ("/labs/the-lab/updates/", ("Updates", "page")),
        ("/labs/the-lab/team/", ("Lab team", "page")),
        ("/labs/the-lab/team/details/", ("Lab details", "page")),
        ("/labs/the-lab/team/phases/new/", ("Lab details", "true")),
        ("/labs/the-lab/comments/queue/", ("Lab team", "true")),
        ("/labs/the-lab/posts/team/", ("Lab team", "true")),
        ("/labs/the-lab/surveys/team/", ("Lab team", "true")),
        ("/labs/the-lab/events/team/", ("Lab team", "true")),
        ("/labs/the-lab/organisations/team/", ("Lab team", "true")),
        ("/labs/the-lab/participants/team/applications/", ("Lab team", "true")),
        ("/labs/the-lab/safeguarding/", ("Lab team", "true")),
        ("/labs/the-lab/organisations/", ("About the lab", "true")),
    ],
)
def test_the_menu_marks_where_the_team_member_is(cast, client_for, path, marked):
    page = parse(client_for(cast.team).get(path))
    menu = menu_of(page)
    assert [(text_of(link), link["aria-current"]) for link in menu.select("[aria-current]")] == [marked]


def test_someone_who_applied_finds_their_application_in_the_menu(cast, client_for):
    ApplicationFactory(lab=cast.lab, applicant=cast.member)
    page = parse(client_for(cast.member).get("/labs/the-lab/events/"))
    link = menu_of(page).find("a", string=lambda text: text and "Your application" in text)
    assert link["href"] == "/labs/the-lab/participants/application/"


def test_an_application_to_another_lab_adds_nothing_to_this_labs_menu(cast, client_for):
    ApplicationFactory(lab=cast.other_lab, applicant=cast.member)
    page = parse(client_for(cast.member).get("/labs/the-lab/"))
    assert "Your application" not in text_of(menu_of(page))


@pytest.mark.parametrize("path", ["/", "/help-now/", "/accounts/profile/", "/team/"])
def test_pages_outside_a_lab_keep_the_sites_own_navigation(cast, client_for, path):
    page = parse(client_for(cast.admin).get(path, follow=True))
    assert menu_of(page) is None
    assert page.select_one("nav.nhsuk-header__navigation")


def test_a_lab_that_does_not_exist_gets_no_menu(cast, client):
    response = client.get("/labs/no-such-lab/")
    assert response.status_code == 404
    assert menu_of(parse(response)) is None


def test_the_team_of_another_lab_sees_only_the_public_menu_on_a_refused_page(cast, client_for):
    response = client_for(cast.other_team).get("/labs/the-lab/team/")
    assert response.status_code == 403
    assert [text_of(link) for link in menu_of(parse(response)).select("a")] == EVERYONES


def test_a_site_with_one_lab_shows_its_menu_on_the_home_page(client, db):
    from carelab.labs.tests.factories import LabFactory

    LabFactory(slug="only")
    page = parse(client.get("/"))
    menu = menu_of(page)
    assert [text_of(link) for link in menu.select("a")] == EVERYONES
    assert [(text_of(link), link["aria-current"]) for link in menu.select("[aria-current]")] == [
        ("About the lab", "true")
    ]


def test_the_teams_menu_leaves_out_their_own_application_which_your_account_links(cast, client_for):
    ApplicationFactory(lab=cast.lab, applicant=cast.team)
    page = parse(client_for(cast.team).get("/labs/the-lab/"))
    assert [text_of(link) for link in menu_of(page).select("a")] == TEAMS
