"""Parts of signed-in pages kept while the content is unchanged (core.kept_facts, decision 0043): each
write shows at the next request, a write not yet committed is never covered, and what is kept for one
audience or person is never shown to another."""

import copy
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client

from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory
from carelab.core import kept_facts
from carelab.core.kept_facts import kept
from carelab.core.tests.html import parse, text_of
from carelab.labs.access import get_lab, join_lab, role_in_lab
from carelab.labs.models import Lab, Membership, Role
from carelab.labs.tests.factories import LabFactory
from carelab.participants.access import own_card_in_lab
from carelab.participants.models import ProfileCard
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory
from carelab.posts.tests.factories import PostFactory
from carelab.surveys.actions.builder import set_status
from carelab.surveys.models import Survey
from carelab.surveys.tests.factories import SurveyFactory

DIRECTORY = "/labs/the-lab/participants/"
DASHBOARD = "/labs/the-lab/team/"


def card_names(client) -> list[str]:
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    return [text_of(h) for h in parse(response).select("#cards h3")]


def signed_in(user=None) -> Client:
    """A browser of its own (`client_for` signs in the one test client), signed in as `user`."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


class InARequest:
    """What `kept` sees while Django answers a GET (Django's request signals also close old database
    connections, which would end the test's transaction, so only `kept`'s own receivers are called)."""

    def __init__(self, method: str = "GET"):
        self.method = method

    def __enter__(self):
        kept_facts._request_starts(environ={"REQUEST_METHOD": self.method})

    def __exit__(self, *exc):
        kept_facts._request_ends()


# Freshness: each kind of write shows at the next request


def test_a_comment_waiting_for_moderation_shows_on_the_team_dashboard_at_the_next_request(cast, client_for):
    team = client_for(cast.team)
    counts = lambda: [text_of(p) for p in parse(team.get(DASHBOARD)).select(".nhsuk-card__description")]  # noqa: E731
    assert "0 waiting" in counts()

    CommentFactory(post=PostFactory(lab=cast.lab), status=Comment.Status.PENDING)

    assert "1 waiting" in counts()


def test_a_card_added_or_changed_shows_in_the_directory_at_the_next_request(cast, client_for):
    participant = client_for(cast.participant)
    card = ProfileCardFactory(lab=cast.lab, display_name="Rowan", visibility="participants")
    assert card_names(participant) == ["Rowan"]

    ProfileCard.objects.filter(pk=card.pk).update(display_name="Rowan Ash")  # a bulk update, no signals
    assert card_names(participant) == ["Rowan Ash"]

    ProfileCardFactory(lab=cast.lab, display_name="Sam", visibility="public")
    assert sorted(card_names(participant)) == ["Rowan Ash", "Sam"]


def test_a_role_given_shows_at_the_next_request(cast, client_for):
    ProfileCardFactory(lab=cast.lab, display_name="Only for participants", visibility="participants")
    member = client_for(cast.member)
    assert card_names(member) == []

    Membership.objects.filter(lab=cast.lab, user=cast.member).update(role=Role.PARTICIPANT)

    assert card_names(member) == ["Only for participants"]


def test_an_application_sent_shows_in_the_lab_menu_at_the_next_request(cast, client_for):
    member = client_for(cast.member)
    menu = lambda: [text_of(a) for a in parse(member.get(DIRECTORY)).select("nav a")]  # noqa: E731
    assert "Your application" not in menu()

    ApplicationFactory(lab=cast.lab, applicant=cast.member, status="submitted")

    assert "Your application" in menu()


def test_a_lab_renamed_shows_at_the_next_request(cast, client_for):
    team = client_for(cast.team)
    assert "The lab" in text_of(parse(team.get(DASHBOARD)).select_one("main"))

    Lab.objects.filter(pk=cast.lab.pk).update(title="The back pain lab")

    assert "The back pain lab" in text_of(parse(team.get(DASHBOARD)).select_one("main"))


# Never crossing audiences or people


def test_the_cards_kept_for_the_team_are_never_shown_to_a_participant_or_a_visitor(cast):
    ProfileCardFactory(lab=cast.lab, display_name="Team only", visibility="team")
    ProfileCardFactory(lab=cast.lab, display_name="Everyone", visibility="public")
    # Everyone signs in first (signing in writes), so all the requests below share one content version.
    team, participant, visitor = signed_in(cast.team), signed_in(cast.participant), signed_in()

    assert sorted(card_names(team)) == ["Everyone", "Team only"]
    assert card_names(participant) == ["Everyone"]
    assert card_names(visitor) == ["Everyone"]
    assert sorted(card_names(team)) == ["Everyone", "Team only"]


def test_each_participant_sees_no_introduction_link_on_their_own_card_only(cast):
    theirs = ProfileCardFactory(lab=cast.lab, user=cast.participant, display_name="Pat", visibility="participants")
    other = ProfileCardFactory(lab=cast.lab, display_name="Rowan", visibility="participants")
    clients = {cast.participant: signed_in(cast.participant), other.user: signed_in(other.user)}

    def introduction_links(user) -> set[int]:
        cards = parse(clients[user].get(DIRECTORY)).select("#cards li")
        return {int(li["id"].removeprefix("card-")) for li in cards if li.select_one(".carelab-profile-card__connect")}

    assert introduction_links(cast.participant) == {other.pk}
    assert introduction_links(other.user) == {theirs.pk}
    assert introduction_links(cast.participant) == {other.pk}


def test_the_lab_menu_kept_for_one_person_is_not_another_persons(cast):
    ApplicationFactory(lab=cast.lab, applicant=cast.member, status="submitted")
    member, participant = signed_in(cast.member), signed_in(cast.participant)
    menu = lambda client: [text_of(a) for a in parse(client.get(DIRECTORY)).select("nav a")]  # noqa: E731

    assert "Your application" in menu(member)
    assert "Your application" not in menu(participant)


def test_each_person_gets_a_lab_of_their_own_to_change(cast):
    with InARequest():
        first, second = get_lab("the-lab"), get_lab("the-lab")
    assert first == second and first is not second
    first.title = "Changed in memory only"
    with InARequest():
        assert get_lab("the-lab").title == "The lab"


# When nothing is kept


def test_a_request_that_writes_keeps_nothing(cast):
    make = mock.Mock(return_value="answer")
    with InARequest("POST"):
        kept(("test",), make)
        kept(("test",), make)
    assert make.call_count == 2


def test_outside_a_request_nothing_is_kept(cast):
    make = mock.Mock(return_value="answer")
    kept(("test",), make)
    kept(("test",), make)
    assert make.call_count == 2


def test_in_a_request_an_answer_is_kept_until_a_write(cast):
    make = mock.Mock(return_value="answer")
    with InARequest():
        kept(("test",), make)
        kept(("test",), make)
        assert make.call_count == 1
        Lab.objects.filter(pk=cast.lab.pk).update(title="Written")
        kept(("test",), make)
    assert make.call_count == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_not_yet_committed_is_never_covered_by_a_kept_answer():
    lab = LabFactory(slug="a-lab", title="A lab")
    with InARequest():
        assert kept(("title",), lambda: Lab.objects.get(pk=lab.pk).title) == "A lab"
        with transaction.atomic():
            Lab.objects.filter(pk=lab.pk).update(title="Renamed")
            assert kept(("title",), lambda: Lab.objects.get(pk=lab.pk).title) == "Renamed"
        assert kept(("title",), lambda: Lab.objects.get(pk=lab.pk).title) == "Renamed"


def test_a_membership_made_in_the_request_is_seen_by_that_request(cast):
    with InARequest():
        assert get_lab("the-lab").title == "The lab"
        newcomer = ProfileCardFactory.build().user
        newcomer.save()
        assert role_in_lab(newcomer, cast.lab) is None
        join_lab(newcomer, cast.lab)
        assert role_in_lab(newcomer, cast.lab) == Role.MEMBER


def test_the_kept_answers_are_bounded(cast, monkeypatch):
    monkeypatch.setattr(kept_facts._facts, "size", 3)
    with InARequest():
        for number in range(10):
            kept(("bounded", number), mock.Mock(return_value=number))
        assert len(kept_facts._facts.items) == 3


# The survey pages a respondent with a session sees


def test_a_survey_closed_while_someone_is_answering_shows_as_closed_at_their_next_page(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    respondent = Client()
    section = respondent.post(f"/labs/the-lab/surveys/{survey.slug}/", {"take_part": "on", "health_data": "on"})[
        "Location"
    ]
    assert respondent.get(section).status_code == 200

    set_status(survey, Survey.Status.CLOSED)

    closed = respondent.get(section)
    assert closed.status_code == 404 and "closed" in text_of(parse(closed).select_one("main")).lower()


def test_a_question_reworded_in_the_current_version_shows_at_the_next_page(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    respondent = Client()
    respondent.post("/labs/the-lab/surveys/launch/", {"take_part": "on", "health_data": "on"})
    about_you = "/labs/the-lab/surveys/launch/section/2/"
    page_text = lambda: text_of(parse(respondent.get(about_you)).select_one("main"))  # noqa: E731
    assert "Which of these describe you?" in page_text()

    version = survey.current_version
    definition = copy.deepcopy(version.definition)
    question = definition["sections"][1]["questions"][0]
    assert question["label"] == "Which of these describe you?"
    question["label"] = "Which of these words describe you?"
    version.definition = definition
    version.save(update_fields=["definition"])

    assert "Which of these words describe you?" in page_text()


def test_each_caller_gets_its_own_copy_of_a_kept_objects_json(cast):
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, visibility="participants")
    ProfileCard.objects.filter(pk=card.pk).update(review_findings={"phrases": ["first"]})
    with InARequest():
        first, second = own_card_in_lab(cast.participant, cast.lab), own_card_in_lab(cast.participant, cast.lab)
        first.review_findings["phrases"].append("changed in one request only")
        assert second.review_findings == {"phrases": ["first"]} and first is not second
        assert own_card_in_lab(cast.participant, cast.lab).review_findings == {"phrases": ["first"]}


def test_an_answer_saved_shows_when_the_respondent_comes_back_to_the_page(cast):
    SurveyFactory(lab=cast.lab, slug="launch")
    respondent = Client()
    respondent.post("/labs/the-lab/surveys/launch/", {"take_part": "on", "health_data": "on"})
    about_you = "/labs/the-lab/surveys/launch/section/2/"
    page = parse(respondent.get(about_you))
    assert not page.select("input[name=lives_with_pain][checked]")

    saved = respondent.post(about_you, {"roles": ["carer"], "lives_with_pain": "no", "age_band": "35_54"})
    assert saved.status_code == 302, text_of(parse(saved).select_one(".nhsuk-error-summary"))

    page = parse(respondent.get(about_you))
    assert [box["value"] for box in page.select("input[name=lives_with_pain][checked]")] == ["no"]
