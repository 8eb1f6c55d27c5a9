"""Driver diagrams: who reads and who builds them, the limits they keep, and what they refuse and why."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.core.tests.queries import PageQueries
from carelab.ideas.models import Idea
from carelab.improvement.actions_diagram import MAX_NODES
from carelab.improvement.models import Cycle, DriverNode, TeamMember
from carelab.improvement.tests.factories import TeamMemberFactory, TestTeamFactory
from carelab.improvement.tests.factories_diagram import DriverNodeFactory
from carelab.safeguarding.models import SafeguardingFlag

Level = DriverNode.Level
SVG = "{http://www.w3.org/2000/svg}"


def page(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def team(cast):
    found = TestTeamFactory(lab=cast.lab, name="Pain and mood clinic")
    TeamMemberFactory(team=found, user=cast.participant, role=TeamMember.Role.LEAD)
    return found


@pytest.fixture
def member(cast, client_for, team):
    return client_for(cast.participant)


def url(team, suffix=""):
    return f"/labs/the-lab/improvement/teams/{team.pk}/diagram/{suffix}"


def node_url(node, suffix):
    return url(node.team, f"nodes/{node.pk}/{suffix}")


def idea(lab, title="How might we phone people sooner?", **kwargs):
    return Idea.objects.create(lab=lab, title=title, **kwargs)


def list_items(response):
    """Each line of the nested list as (depth, level, text)."""
    found = []
    for item in page(response).select("#drivers li[id^=node-]"):
        depth = len(item.find_parents("li"))
        words = " ".join(item.find("p").get_text().split())
        found.append((depth, words))
    return found


def test_a_team_member_builds_a_diagram_without_javascript(cast, member, team):
    chosen = idea(cast.lab)
    response = member.post(url(team, "add/"), {"text": "  People are   seen quickly "})
    primary = DriverNode.objects.get()
    assert response.url == url(team) + f"#node-{primary.pk}"
    assert (primary.level, primary.text, primary.parent) == (Level.PRIMARY, "People are seen quickly", None)
    member.post(node_url(primary, "add/"), {"level": "secondary", "text": "Referrals go to one place"})
    secondary = DriverNode.objects.get(level=Level.SECONDARY)
    member.post(node_url(primary, "add/"), {"level": "change", "text": "Text reminders"})
    member.post(node_url(secondary, "add/"), {"text": "Phone within 2 days", "idea": chosen.pk})
    linked = DriverNode.objects.get(text="Phone within 2 days")
    assert linked.level == Level.CHANGE and linked.idea == chosen and linked.parent == secondary

    response = member.get(url(team))
    assert list_items(response) == [
        (0, "Primary driver: People are seen quickly"),
        (1, "Secondary driver: Referrals go to one place"),
        (2, f"Change idea: Phone within 2 days (one of the lab's ideas: {chosen.title})"),
        (1, "Change idea: Text reminders"),
    ]
    svg = page(response).select_one("svg.carelab-driver-diagram")
    assert svg["role"] == "img"
    assert "1 primary driver, 1 secondary driver and 2 change ideas" in svg.find("desc").text
    assert "Lab idea" in svg.get_text()


def test_readers_see_the_picture_and_the_list_but_no_way_to_change_them(cast, client_for, team):
    DriverNodeFactory(team=team, text="People are seen quickly")
    TeamMember.objects.all().delete()
    response = client_for(cast.participant).get(url(team))
    html = page(response)
    assert html.select_one("svg title").text == "Driver diagram: Pain and mood clinic"
    assert "Primary driver: People are seen quickly" in html.select_one("#drivers").get_text(" ", strip=True)
    assert not html.select("form[action*='move']") and "Add a primary driver" not in html.get_text()
    assert client_for(cast.participant).post(url(team, "add/"), {"text": "Mine"}).status_code == 403
    assert DriverNode.objects.count() == 1


def test_the_lab_team_may_change_any_team_s_diagram_and_the_team_page_links_to_it(cast, client_for, team):
    client = client_for(cast.team)
    assert client.post(url(team, "add/"), {"text": "Staff have time"}).status_code == 302
    team_page = page(client.get(f"/labs/the-lab/improvement/teams/{team.pk}/"))
    assert team_page.select_one("#driver-diagram") is not None
    assert team_page.find("a", href=url(team)) is not None


def test_the_svg_downloads_as_a_file(cast, member, team):
    DriverNodeFactory(team=team, text="Fish & <chips>")
    response = member.get(url(team, "diagram.svg"))
    assert response["Content-Type"] == "image/svg+xml" and "attachment" in response["Content-Disposition"]
    svg = ET.fromstring(response.content)
    assert "Fish & <chips>" in [text.text for text in svg.iter(f"{SVG}text")]


def test_nothing_can_hang_from_a_change_idea(cast, member, team):
    primary = DriverNodeFactory(team=team)
    change = DriverNodeFactory(parent=primary, level=Level.CHANGE)
    response = member.get(node_url(change, "add/"))
    assert "Nothing can be added under a change idea" in page(response).select_one("#why").text
    assert member.post(node_url(change, "add/"), {"text": "Deeper"}).status_code == 400
    assert DriverNode.objects.count() == 2
    assert f"nodes/{change.pk}/add/" not in member.get(url(team)).content.decode()


def test_a_secondary_driver_takes_only_change_ideas_and_only_change_ideas_take_a_lab_idea(cast, member, team):
    chosen = idea(cast.lab)
    primary = DriverNodeFactory(team=team)
    secondary = DriverNodeFactory(parent=primary, level=Level.SECONDARY)
    response = member.post(node_url(primary, "add/"), {"level": "secondary", "text": "Kind words", "idea": chosen.pk})
    assert response.status_code == 400
    assert "Only a change idea can be one of the lab's ideas" in page(response).get_text()
    assert page(response).find("textarea", {"name": "text"}).text.strip() == "Kind words"
    member.post(node_url(secondary, "add/"), {"level": "primary", "text": "Ignored level"})
    assert DriverNode.objects.get(text="Ignored level").level == Level.CHANGE  # only change ideas go there
    response = member.post(node_url(primary, "add/"), {"level": "primary", "text": "Wrong"})
    assert "Choose a secondary driver or a change idea" in response.content.decode()


def test_only_the_lab_s_published_ideas_are_offered(cast, member, team):
    published = idea(cast.lab, "How might we meet in the evening?")
    held = idea(cast.lab, "How might we hold this?", status=Idea.Status.HELD)
    elsewhere = idea(cast.other_lab, "How might we elsewhere?")
    primary = DriverNodeFactory(team=team)
    change = DriverNodeFactory(parent=primary, level=Level.CHANGE)
    form = page(member.get(node_url(change, "edit/")))
    offered = [option.text for option in form.select("select[name=idea] option")]
    assert offered == ["None", published.title]
    for refused in (held, elsewhere):
        response = member.post(node_url(change, "edit/"), {"text": "Evening clinic", "idea": refused.pk})
        assert "Choose one of the lab's published ideas" in page(response).get_text()
    member.post(node_url(change, "edit/"), {"text": "Evening clinic", "idea": published.pk})
    change.refresh_from_db()
    assert (change.text, change.idea) == ("Evening clinic", published)
    # A secondary driver's form has no ideas at all.
    assert page(member.get(node_url(primary, "edit/"))).select_one("select[name=idea]") is None


def test_moving_up_and_down_reorders_siblings_only(cast, member, team):
    first, second, third = (DriverNodeFactory(team=team, text=name) for name in ("One", "Two", "Three"))
    DriverNodeFactory(parent=first, level=Level.SECONDARY, text="Under one")
    member.post(node_url(third, "move/"), {"direction": "up"})
    assert [text for _, text in list_items(member.get(url(team))) if "Primary" in text] == [
        "Primary driver: One",
        "Primary driver: Three",
        "Primary driver: Two",
    ]
    response = member.post(node_url(first, "move/"), {"direction": "up"}, follow=True)
    assert "“One” is already at the top." in response.content.decode()
    response = member.post(node_url(first, "move/"), {"direction": "sideways"}, follow=True)
    assert "Choose whether to move it up or down." in response.content.decode()
    assert member.get(node_url(first, "move/")).status_code == 405
    html = page(member.get(url(team)))
    # The first has no "Move up", the last no "Move down".
    assert "Move up" not in html.select_one(f"#node-{first.pk} ul").get_text()
    assert "Move down" not in html.select_one(f"#node-{second.pk} > ul").get_text()


def test_deleting_asks_first_then_deletes_a_node_with_nothing_under_it(cast, member, team):
    primary = DriverNodeFactory(team=team, text="People are seen quickly")
    response = member.get(node_url(primary, "delete/"))
    assert page(response).select_one("h1").text == "Delete the primary driver?"
    assert DriverNode.objects.exists()
    response = member.post(node_url(primary, "delete/"), follow=True)
    assert "Deleted the primary driver “People are seen quickly”." in response.content.decode()
    assert not DriverNode.objects.exists()


def test_a_node_with_children_or_cycles_cannot_be_deleted_and_the_page_says_why(cast, member, team):
    primary = DriverNodeFactory(team=team, text="Quick")
    change = DriverNodeFactory(parent=primary, level=Level.CHANGE, text="Call")
    why = page(member.get(node_url(primary, "delete/"))).select_one("#why").text
    assert "It has 1 driver or change idea under it. Delete those first" in why
    assert member.post(node_url(primary, "delete/")).status_code == 400
    Cycle.objects.create(team=team, change_idea=change, title="Try calls", objective="Shorter waits")
    why = page(member.get(node_url(change, "delete/"))).select_one("#why").text
    assert "A PDSA cycle has been run on it" in why and "delete its cycles first" in why
    assert member.post(node_url(change, "delete/")).status_code == 400
    assert DriverNode.objects.count() == 2


def test_a_full_diagram_refuses_more_and_says_what_to_do(cast, member, team):
    DriverNode.objects.bulk_create(
        DriverNode(team=team, level=Level.PRIMARY, text=f"Driver {n}", position=n) for n in range(MAX_NODES)
    )
    response = member.get(url(team, "add/"))
    assert f"holds up to {MAX_NODES} drivers and change ideas" in page(response).select_one("#why").text
    assert member.post(url(team, "add/"), {"text": "One more"}).status_code == 400
    assert DriverNode.objects.count() == MAX_NODES
    assert "Add a primary driver" not in member.get(url(team)).content.decode()


def test_words_naming_a_person_are_refused_keeping_them_and_urgent_risk_reaches_the_queue(cast, member, team):
    response = member.post(url(team, "add/"), {"text": "Ask jo@example.org"})
    assert response.status_code == 400
    assert "Leave out names, e-mail addresses" in response.content.decode()
    assert page(response).find("textarea", {"name": "text"}).text.strip() == "Ask jo@example.org"
    response = member.post(url(team, "add/"), {"text": "I am going to kill myself tonight"})
    assert "has not been saved" in response.content.decode()
    assert not DriverNode.objects.exists()
    flag = SafeguardingFlag.objects.get()
    assert flag.source_kind == SafeguardingFlag.Source.TEST_TEAM and flag.person == cast.participant
    assert "kill" not in flag.source_title


def test_bad_text_gets_a_message_never_a_crash(cast, member, team):
    for text, message in (("", "Enter the words"), ("   ", "Enter the words"), ("a" * 301, "300 characters or fewer")):
        response = member.post(url(team, "add/"), {"text": text})
        assert response.status_code == 400 and message in response.content.decode()
    response = member.post(url(team, "add/"), {"text": "nul\x00byte"})
    assert response.status_code == 400 and page(response).select_one(".nhsuk-error-summary")
    assert not DriverNode.objects.exists()


def test_another_team_s_node_is_not_found_through_this_team(cast, member, team):
    other = DriverNodeFactory(team=TestTeamFactory(lab=cast.lab))
    assert member.get(url(team, f"nodes/{other.pk}/edit/")).status_code == 404
    assert member.post(url(team, f"nodes/{other.pk}/delete/")).status_code == 404
    assert DriverNode.objects.filter(pk=other.pk).exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(st.text(max_size=320), st.just("\x00"), st.just("x" * 300)),
    level=st.one_of(st.sampled_from(["secondary", "change", "primary", ""]), st.text(max_size=10)),
    chosen=st.one_of(st.just(""), st.integers(), st.text(max_size=12), st.just("9" * 40)),
)
def test_any_input_is_saved_or_refused_with_a_message(cast, member, team, text, level, chosen):
    primary = DriverNode.objects.filter(team=team, parent=None).first() or DriverNodeFactory(team=team)
    before = DriverNode.objects.count()
    response = member.post(node_url(primary, "add/"), {"text": text, "level": level, "idea": chosen})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert page(response).select_one(".nhsuk-error-summary") is not None
        assert DriverNode.objects.count() == before
    else:
        assert DriverNode.objects.count() == before + 1


def test_the_diagram_page_stays_flat_in_queries_as_the_diagram_grows(cast, member, team, django_assert_num_queries):
    def grow(count):
        for _ in range(count):
            primary = DriverNodeFactory(team=team)
            secondary = DriverNodeFactory(parent=primary, level=Level.SECONDARY)
            DriverNodeFactory(parent=secondary, level=Level.CHANGE, idea=idea(cast.lab, f"Idea {primary.pk}"))

    grow(1)
    with PageQueries() as one:
        member.get(url(team))
    grow(10)
    with django_assert_num_queries(len(one)):
        response = member.get(url(team))
    assert len(list_items(response)) == 33
