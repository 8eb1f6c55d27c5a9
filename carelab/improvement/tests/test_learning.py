"""The learning log: teams add what they tried, what happened and what they learned; the lab reads,
searches and cites it."""

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.accounts.actions import delete_account
from carelab.accounts.tests.factories import UserFactory
from carelab.ideas.models import Idea
from carelab.improvement import actions_learning, actions_space
from carelab.improvement.models import Cycle, DriverNode, LearningEntry, TeamMember
from carelab.improvement.tests.factories import DataPointFactory, TeamMemberFactory, TestTeamFactory
from carelab.insights.tests.factories_insights import InsightFactory, PublishedInsightFactory
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory
from carelab.lib.text_extract import TEXT
from carelab.safeguarding.models import SafeguardingFlag

pytestmark = pytest.mark.django_db

P = "/labs/the-lab/improvement"
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def page(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def teammate(cast):
    person = UserFactory(email="sam@example.org", display_name="Sam Teammate")
    MembershipFactory(lab=cast.lab, user=person, role=Role.PARTICIPANT)
    return person


@pytest.fixture
def team(cast, teammate):
    found = TestTeamFactory(lab=cast.lab, name="Pain and mood clinic")
    TeamMemberFactory(team=found, user=teammate, role=TeamMember.Role.LEAD)
    return found


def a_cycle(team, title="Text reminders"):
    change = DriverNode.objects.create(team=team, level=DriverNode.Level.CHANGE, text="Remind people by text")
    return Cycle.objects.create(team=team, change_idea=change, title=title, objective="Fewer missed appointments.")


def words(**more):
    return {
        "title": "Text reminders halved missed first appointments",
        "tried": "A text message two days before each first appointment.",
        "happened": "Missed first appointments fell from 20% to 9% over eight weeks.",
        "learned": "Send it two days before, not one: people need time to arrange a lift.",
    } | more


def an_entry(team, by=None, **more):
    return actions_learning.create_entry(team, words(**more), {}, by=by)


def test_a_member_adds_learning_linked_to_a_cycle_an_idea_and_an_insight_and_the_lab_can_cite_it(
    cast, client_for, team, teammate
):
    cycle = a_cycle(team)
    idea = Idea.objects.create(lab=cast.lab, title="How might we make first appointments easier to keep?")
    insight = PublishedInsightFactory(lab=cast.lab, statement="Travel is the hidden barrier to care.")
    response = client_for(teammate).post(
        f"{P}/teams/{team.pk}/learning/new/",
        words(cycles=[cycle.pk], ideas=[idea.pk], insights=[insight.pk]),
    )
    entry = LearningEntry.objects.get()
    assert response.url == f"{P}/learning/{entry.pk}/"
    assert entry.author == teammate
    assert list(entry.cycles.all()) == [cycle] and list(entry.ideas.all()) == [idea]
    assert list(entry.insights.all()) == [insight]
    html = page(client_for(cast.participant).get(response.url))  # any reader of the lab
    assert html.h1.text == entry.title
    cycle_link = html.select_one("#linked-cycles a")
    assert cycle_link.text == "PDSA 1: Text reminders"
    assert cycle_link["href"] == f"{P}/teams/{team.pk}/cycles/{cycle.pk}/"
    assert "Travel is the hidden barrier" in html.select_one("#linked-insights").text
    citation = html.select_one("#citation").text
    assert citation.startswith("Pain and mood clinic. “Text reminders halved missed first appointments”. The lab,")
    assert re.search(
        r"learning log, \d{1,2} \w+ \d{4}\. http://testserver/labs/the-lab/improvement/learning/\d+/$", citation
    )
    assert not html.select("a[href$='/edit/']")  # a reader who is not in the team cannot change it


def test_only_the_teams_own_cycles_and_the_labs_published_ideas_and_insights_can_be_linked(
    cast, client_for, team, teammate
):
    a_cycle(team)
    others_cycle = a_cycle(TestTeamFactory(lab=cast.lab), title="Not ours")
    held = Idea.objects.create(lab=cast.lab, title="How might we hold this?", status=Idea.Status.HELD)
    Idea.objects.create(lab=cast.lab, title="How might we show this?")
    elsewhere = Idea.objects.create(lab=cast.other_lab, title="How might we reach another lab?")
    PublishedInsightFactory(lab=cast.lab)
    draft = InsightFactory(lab=cast.lab)
    client = client_for(teammate)
    form = page(client.get(f"{P}/teams/{team.pk}/learning/new/"))
    assert "Not ours" not in form.text and "hold this" not in form.text and "show this" in form.text
    for forged, message in (
        ({"cycles": [others_cycle.pk]}, "Choose from the team's own PDSA cycles"),
        ({"ideas": [held.pk]}, "Choose from the lab's published ideas"),
        ({"ideas": [elsewhere.pk]}, "Choose from the lab's published ideas"),
        ({"insights": [draft.pk]}, "Choose from the lab's published insights"),
        ({"ideas": ["not a number"]}, "Choose from the lab's published ideas"),
    ):
        response = client.post(f"{P}/teams/{team.pk}/learning/new/", words(**forged))
        assert response.status_code == 200 and message in page(response).text
        assert page(response).find("textarea", {"name": "learned"}).text.strip() == words()["learned"]
    assert not LearningEntry.objects.exists()


def test_readers_see_the_log_but_only_the_team_and_the_lab_team_change_it(cast, client_for, team, teammate):
    entry = an_entry(team, by=teammate)
    for role, status in (("participant", 200), ("team", 200), ("member", 403), ("other_team", 403)):
        client = client_for(cast.person(role))
        assert client.get(f"{P}/learning/").status_code == status, role
        assert client.get(f"{P}/learning/{entry.pk}/").status_code == status, role
    client = client_for(cast.participant)  # in the lab, not in the team
    assert client.get(f"{P}/teams/{team.pk}/learning/new/").status_code == 403
    assert client.post(f"{P}/teams/{team.pk}/learning/{entry.pk}/delete/").status_code == 403
    assert client.post(f"{P}/teams/{team.pk}/learning/{entry.pk}/edit/", words(title="Mine")).status_code == 403
    # Another team's address with this entry is not found; so is another lab's entry here.
    other = TestTeamFactory(lab=cast.lab)
    assert client_for(cast.team).get(f"{P}/teams/{other.pk}/learning/{entry.pk}/edit/").status_code == 404
    elsewhere = an_entry(TestTeamFactory(lab=cast.other_lab))
    assert client_for(cast.team).get(f"{P}/learning/{elsewhere.pk}/").status_code == 404
    # The lab team changes it and deletes it.
    client = client_for(cast.team)
    client.post(f"{P}/teams/{team.pk}/learning/{entry.pk}/edit/", words(title="Reminders work"))
    entry.refresh_from_db()
    assert entry.title == "Reminders work" and entry.author == teammate
    client.post(f"{P}/teams/{team.pk}/learning/{entry.pk}/delete/")
    assert client.get(f"{P}/learning/{entry.pk}/").status_code == 404


def test_the_search_finds_every_word_in_any_field_in_any_case_and_filters_by_team(cast, client_for, team):
    other = TestTeamFactory(lab=cast.lab, name="Walking group")
    an_entry(team, title="Text reminders", learned="People need time to arrange TRANSPORT.")
    an_entry(other, title="Walking together", tried="A weekly walk.", learned="Transport was not the problem.")
    an_entry(team, title="Pacing leaflet", tried="A leaflet.", happened="Few read it.", learned="Talk instead.")
    client = client_for(cast.participant)

    def titles(**query):
        html = page(client.get(f"{P}/learning/", query))
        return sorted(a.text for a in html.select("#entries h3 a"))

    assert titles(q="transport") == ["Text reminders", "Walking together"]
    assert titles(q="Transport weekly") == ["Walking together"]
    assert titles(q="transport", team=team.pk) == ["Text reminders"]
    assert titles(q="nothing like this") == []
    assert titles() == ["Pacing leaflet", "Text reminders", "Walking together"]
    response = client.get(f"{P}/learning/", {"team": "99999999999999999999999"})
    assert response.status_code == 200 and "Choose one of the lab's test teams" in page(response).text


def test_the_log_is_paged_and_its_queries_do_not_grow_with_the_entries(
    cast, client_for, team, django_assert_max_num_queries
):
    client = client_for(cast.participant)
    an_entry(team)
    with django_assert_max_num_queries(20) as few:
        client.get(f"{P}/learning/", {"q": "reminders"})
    for number in range(24):
        an_entry(TestTeamFactory(lab=cast.lab), title=f"Reminders {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"{P}/learning/", {"q": "reminders"})
    html = page(response)
    assert len(html.select("#entries li")) == 20 and "25 entries" in html.select_one("#results-count").text
    second = page(client.get(f"{P}/learning/", {"q": "reminders", "page": 2}))
    assert len(second.select("#entries li")) == 5


def test_learning_suggesting_risk_or_naming_someone_is_refused_and_urgent_risk_reaches_the_queue(
    cast, client_for, team, teammate
):
    client = client_for(teammate)
    response = client.post(f"{P}/teams/{team.pk}/learning/new/", words(happened="Email jo@example.org to ask."))
    assert "Leave out names, e-mail addresses" in page(response).text
    response = client.post(f"{P}/teams/{team.pk}/learning/new/", words(learned="I am going to kill myself tonight"))
    assert "has not been saved" in page(response).text
    assert not LearningEntry.objects.exists()
    flag = SafeguardingFlag.objects.get()
    assert flag.person == teammate and "kill" not in flag.source_title


def test_the_team_page_lists_the_teams_learning_for_every_reader(cast, client_for, team):
    entry = an_entry(team)
    html = page(client_for(cast.participant).get(f"{P}/teams/{team.pk}/"))
    assert [a.text for a in html.select("#team-learning a")] == [entry.title]
    assert html.select_one("#team-space") is None  # the space is not theirs to see


def test_your_data_lists_the_notes_files_and_learning_and_deleting_the_account_keeps_them_without_the_name(
    cast, client_for, team, teammate
):
    entry = an_entry(team, by=teammate, learned="Sam Teammate found the texts worked.")
    note = actions_space.create_note(team, title="Our plan", body="x", by=teammate)
    actions_space.add_file(team, b"words", TEXT, name="plan.txt", description="", by=teammate)
    TestTeamFactory(lab=cast.lab, created_by=teammate)
    DataPointFactory(measure__team=team, entered_by=teammate)
    DataPointFactory(measure__team=team, entered_by=teammate)
    html = page(client_for(teammate).get("/accounts/your-data/"))
    work = html.select_one("#section-test-team-work").text
    assert "Set up a test team" in work and "Entered or changed a value" in work
    assert entry.title in html.select_one("#section-learning-entries").text
    assert "Our plan" in html.select_one("#section-test-team-notes").text
    assert "plan.txt" in html.select_one("#section-test-team-files").text
    delete_account(teammate)
    entry.refresh_from_db()
    note.refresh_from_db()
    assert entry.author is None and note.author is None
    assert "Sam Teammate" not in entry.learned


@FUZZ
@given(q=st.text(max_size=300), team_id=st.text(max_size=30), number=st.text(max_size=30))
def test_any_search_is_answered_never_an_error(cast, client_for, team, q, team_id, number):
    response = client_for(cast.participant).get(f"{P}/learning/", {"q": q, "team": team_id, "page": number})
    if "\x00" in q + team_id + number:  # the site's middleware answers any address holding a NUL
        assert response.status_code == 400
        return
    assert response.status_code == 200
    html = page(response)
    assert html.select_one("#learning-search") is not None
    if team_id.strip() and not any(character.isdecimal() for character in team_id):
        assert "Choose one of the lab's test teams" in html.select_one(".nhsuk-error-summary").text


@FUZZ
@given(
    fields=st.fixed_dictionaries({name: st.text(max_size=6000) for name in ("title", "tried", "happened", "learned")})
)
def test_any_entry_text_is_saved_or_refused_with_a_message_never_an_error(cast, client_for, team, fields):
    response = client_for(cast.team).post(f"{P}/teams/{team.pk}/learning/new/", fields)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert page(response).select_one(".nhsuk-error-summary") is not None
