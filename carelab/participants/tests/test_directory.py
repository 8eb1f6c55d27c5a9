"""The participant directory and profile cards: who sees which card, filters, search, pages, editing."""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.labs.models import Membership, Role
from carelab.participants.forms import CONSENT_WORDING_VERSION
from carelab.participants.models import ProfileCard
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory

DIRECTORY = "/labs/the-lab/participants/"
CARD = "/labs/the-lab/participants/card/"


def names_on(response) -> list[str]:
    return [text_of(heading) for heading in parse(response).select("#cards h3")]


@pytest.fixture
def cards(cast):
    """One card for each visibility, plus one in another lab."""
    return {
        "team": ProfileCardFactory(lab=cast.lab, display_name="Tess Teamonly", visibility="team"),
        "participants": ProfileCardFactory(
            lab=cast.lab, display_name="Paz Participantsonly", visibility="participants"
        ),
        "public": ProfileCardFactory(lab=cast.lab, display_name="Pip Public", visibility="public"),
        "elsewhere": ProfileCardFactory(lab=cast.other_lab, display_name="Olly Otherlab", visibility="public"),
    }


SEES = {
    "anonymous": ["Pip Public"],
    "member": ["Pip Public"],
    "participant": ["Paz Participantsonly", "Pip Public"],
    "team": ["Paz Participantsonly", "Pip Public", "Tess Teamonly"],
    "other_team": ["Pip Public"],
    "admin": ["Paz Participantsonly", "Pip Public", "Tess Teamonly"],
}


@pytest.mark.parametrize("role", CAST_ROLES)
def test_each_person_sees_only_the_cards_their_visibility_allows(cast, cards, client_for, role):
    response = client_for(cast.person(role)).get(DIRECTORY)
    assert response.status_code == 200
    assert names_on(response) == SEES[role]


def test_the_lab_team_sees_who_else_can_see_each_card(cast, cards, client_for):
    page = parse(client_for(cast.team).get(DIRECTORY))
    assert text_of(page.select_one(f"#card-{cards['team'].pk} .carelab-profile-card__visibility")).startswith(
        "Lab team only"
    )
    page = parse(client_for(cast.participant).get(DIRECTORY))
    assert page.select_one(".carelab-profile-card__visibility") is None


def test_pending_and_declined_applicants_and_former_participants_are_not_in_the_directory(cast, cards, client_for):
    ApplicationFactory(lab=cast.lab, applicant__display_name="Wendy Waiting", card_visibility="public")
    ApplicationFactory(lab=cast.lab, applicant__display_name="Dee Declined", status="declined")
    Membership.objects.filter(lab=cast.lab, user=cards["public"].user).update(role=Role.MEMBER)
    names = names_on(client_for(cast.team).get(DIRECTORY))
    assert names == ["Paz Participantsonly", "Tess Teamonly"]


def test_a_card_shows_its_text_and_escapes_it(cast, client_for, topics):
    ProfileCardFactory(
        lab=cast.lab,
        display_name="<b>Bold</b>",
        role="professional",
        role_detail="Physiotherapist",
        region="wales",
        ask_me_about="<script>alert(1)</script> pacing",
        visibility="public",
        interests=[topics["Sleep"], topics["Pain clinics"]],
    )
    response = client_for(None).get(DIRECTORY)
    assert b"<script>alert(1)</script>" not in response.content and b"<b>Bold</b>" not in response.content
    card = parse(response).select_one("#cards li")
    assert text_of(card.select_one("h3")) == "<b>Bold</b>"
    assert text_of(card.select_one(".carelab-profile-card__role")) == "Health or care professional: Physiotherapist"
    assert text_of(card.select_one(".carelab-profile-card__region")) == "Wales"
    assert text_of(card.select_one(".carelab-profile-card__interests")) == "Interests: Pain clinics, Sleep"
    assert text_of(card.select_one(".carelab-profile-card__ask")) == "Ask me about: <script>alert(1)</script> pacing"


def test_the_directory_filters_by_role_region_and_interest_and_searches_names_and_ask_me_about(
    cast, client_for, topics
):
    ProfileCardFactory(lab=cast.lab, display_name="Ana", role="carer", region="wales", visibility="public")
    ProfileCardFactory(
        lab=cast.lab,
        display_name="Ben",
        role="professional",
        region="wales",
        ask_me_about="Sleep hygiene",
        interests=[topics["Sleep"]],
        visibility="public",
    )
    ProfileCardFactory(lab=cast.lab, display_name="Cal", role="carer", region="london", visibility="public")
    client = client_for(None)
    assert names_on(client.get(DIRECTORY, {"role": "carer"})) == ["Ana", "Cal"]
    assert names_on(client.get(DIRECTORY, {"region": "wales"})) == ["Ana", "Ben"]
    assert names_on(client.get(DIRECTORY, {"interest": topics["Sleep"].pk})) == ["Ben"]
    assert names_on(client.get(DIRECTORY, {"q": "hygiene"})) == ["Ben"]
    assert names_on(client.get(DIRECTORY, {"q": "cal"})) == ["Cal"]
    response = client.get(DIRECTORY, {"role": "carer", "region": "london"})
    assert names_on(response) == ["Cal"]
    assert text_of(parse(response).select_one("#result-count")) == "1 participant found"
    page = parse(client.get(DIRECTORY, {"q": "nobody"}))
    assert "No participants match these filters" in text_of(page.select_one("main"))


def test_a_filter_that_is_not_one_of_the_choices_is_explained(cast, client_for):
    page = parse(client_for(None).get(DIRECTORY, {"region": "atlantis"}))
    assert page.select_one(".nhsuk-error-summary")
    assert text_of(page.select_one("title")).startswith("Error: ")


def test_pages_of_the_directory_keep_the_filters(cast, client_for):
    for number in range(45):
        ProfileCardFactory(lab=cast.lab, display_name=f"Carer {number:02}", role="carer", visibility="public")
    ProfileCardFactory(lab=cast.lab, display_name="Zed Professional", role="professional", visibility="public")
    client = client_for(None)
    page = parse(client.get(DIRECTORY, {"role": "carer"}))
    assert len(page.select("#cards li")) == 20
    assert text_of(page.select_one("#result-count")) == "45 participants found"
    next_link = page.select_one("a[rel=next]")
    assert next_link["href"] == f"{DIRECTORY}?role=carer&page=2"
    last = parse(client.get(DIRECTORY, {"role": "carer", "page": 3}))
    assert [text_of(h) for h in last.select("#cards h3")] == [f"Carer {n}" for n in range(40, 45)]


@pytest.mark.parametrize("role", ["anonymous", "participant", "team"])
def test_the_directory_makes_the_same_queries_for_3_and_60_cards(
    cast, client_for, topics, role, django_assert_num_queries
):
    client = client_for(cast.person(role))

    def add(count):
        for _ in range(count):
            ProfileCardFactory(lab=cast.lab, visibility="public", interests=list(topics.values()))

    def queries() -> int:
        with PageQueries() as context:
            assert client.get(DIRECTORY, {"role": "lived_experience"}).status_code == 200
        return len(context)

    add(3)
    expected = queries()
    add(57)
    with django_assert_num_queries(expected):
        response = client.get(DIRECTORY, {"role": "lived_experience"})
    assert len(parse(response).select("#cards li")) == 20


# Editing one's own card


def test_a_participant_edits_their_card_and_its_visibility_is_recorded(cast, client_for, topics):
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, visibility="team")
    client = client_for(cast.participant)
    page = parse(client.get(CARD))
    assert page.select_one("input[name=display_name]")["value"] == "Pat Participant"
    response = client.post(
        CARD,
        {
            "display_name": "Pat",
            "role": "carer",
            "role_detail": "Caring for my dad",
            "region": "east",
            "interests": [topics["Sleep"].pk],
            "ask_me_about": "Carers' assessments",
            "visibility": "public",
        },
    )
    assert response.status_code == 302 and response["Location"] == CARD
    card.refresh_from_db()
    assert (card.display_name, card.role, card.region, card.visibility) == ("Pat", "carer", "east", "public")
    assert card.visibility_consent["choice"] == "public"
    assert card.visibility_consent["version"] == CONSENT_WORDING_VERSION
    assert card.visibility_consent["wording"].endswith("Anyone, including people who are not signed in")
    assert "Pat" in names_on(client_for(None).get(DIRECTORY))


def test_saving_a_card_without_changing_its_visibility_keeps_when_it_was_chosen(cast, client_for):
    card = ProfileCardFactory(
        lab=cast.lab, user=cast.participant, visibility="public", visibility_consent={"given_at": "then"}
    )
    client = client_for(cast.participant)
    client.post(CARD, {"display_name": "Pat", "role": "carer", "region": "east", "visibility": "public"})
    card.refresh_from_db()
    assert card.display_name == "Pat" and card.visibility_consent == {"given_at": "then"}


def test_card_errors_are_summarised_and_what_was_typed_is_kept(cast, client_for):
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, visibility="team")
    response = client_for(cast.participant).post(
        CARD,
        {
            "display_name": "pat@example.org",
            "role": "",
            "region": "east",
            "ask_me_about": "Pacing",
            "visibility": "public",
        },
    )
    page = parse(response)
    summary = text_of(page.select_one(".nhsuk-error-summary"))
    assert "Enter a name, not an email address" in summary and "Choose what best describes you" in summary
    assert page.select_one("textarea[name=ask_me_about]").text == "Pacing"
    assert page.select_one("input[name=visibility][checked]")["value"] == "public"
    card.refresh_from_db()
    assert card.visibility == "team"


def test_only_people_with_a_card_can_edit_one(cast, client_for):
    assert client_for(cast.member).get(CARD).status_code == 403
    assert not ProfileCard.objects.exists()
