"""Profile cards are checked when they are saved: a card others would see that seems to include personal
data, or words suggesting the person may be at risk, waits for the lab team (decisions/0020)."""

import pytest
from django.core import mail
from django.test import Client

from carelab.connect.tests.factories import IntroductionFactory
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.organisations.tests.factories import OrganisationFactory
from carelab.participants.models import ProfileCard, ProfileCardEvent
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory
from carelab.safeguarding.models import SafeguardingFlag

DIRECTORY = "/labs/the-lab/participants/"
CARD = "/labs/the-lab/participants/card/"
HELD = "/labs/the-lab/participants/team/cards/"
RISK = "I can't go on some days"
PHONE = "Ring me on 07700 900123"


@pytest.fixture
def client_for(db):
    """client_for(user): a client of its own, signed in as that person (or signed out), so several people can
    take part in one test."""

    def sign_in(user):
        client = Client()
        if user is not None and user.is_authenticated:
            client.force_login(user)
        return client

    return sign_in


def held_url(card) -> str:
    return f"{HELD}{card.pk}/"


def names_on(response) -> list[str]:
    return [text_of(heading) for heading in parse(response).select("#cards h3")]


@pytest.fixture
def lab(cast):
    cast.lab.risk_phrases = "can't go on\nwant to disappear"
    cast.lab.save(update_fields=["risk_phrases"])
    return cast.lab


@pytest.fixture
def pat_card(cast, lab):
    return ProfileCardFactory(lab=lab, user=cast.participant, display_name="Pat", visibility="public")


@pytest.fixture
def other_participant(cast, lab):
    """Someone else in the lab, who sees participants' cards."""
    return ProfileCardFactory(lab=lab, display_name="Olu", visibility="team").user


def save_card(client, **changes):
    data = {"display_name": "Pat", "role": "carer", "region": "east", "visibility": "public", **changes}
    return client.post(CARD, data)


def test_a_card_with_a_phone_number_waits_for_the_lab_team_and_its_owner_is_told_why(
    cast, lab, pat_card, other_participant, client_for
):
    client = client_for(cast.participant)
    response = save_card(client, ask_me_about=PHONE)
    assert response.status_code == 302 and response["Location"] == CARD
    pat_card.refresh_from_db()
    assert pat_card.review_status == "waiting" and pat_card.found_personal_data == ["phone number"]

    page = parse(client.get(CARD))
    notice = text_of(page.select_one("#card-review"))
    assert "Your card is waiting for the lab team to check it" in notice
    assert "It seems to include a phone number." in notice
    assert "only you and the lab team can see your card" in notice
    assert "Only you and the lab team can see it" in text_of(page.select_one(".nhsuk-notification-banner"))
    assert page.select_one("#help-now") is None  # no risk: no crisis panel
    assert page.select_one("textarea[name=ask_me_about]").text.strip() == PHONE

    assert names_on(client_for(None).get(DIRECTORY)) == []
    assert names_on(client_for(other_participant).get(DIRECTORY)) == []
    assert names_on(client_for(cast.team).get(DIRECTORY)) == ["Olu", "Pat"]
    own = text_of(parse(client.get(DIRECTORY)).select_one("#own-card-link").parent)
    assert "waiting for the lab team to check it" in own
    (event,) = ProfileCardEvent.objects.filter(card=pat_card)
    assert (event.action, event.actor, event.note) == ("held", cast.participant, "Seems to include phone number")
    assert not SafeguardingFlag.objects.exists()


def test_risk_on_a_card_shows_crisis_resources_at_once_holds_it_and_flags_it_without_the_words(
    cast, lab, pat_card, client_for
):
    client = client_for(cast.participant)
    response = save_card(client, role_detail=RISK)
    assert response.status_code == 302
    page = parse(client.get(CARD))
    assert page.select_one("#help-now") is not None
    assert "You have not done anything wrong" in text_of(page.select_one("#card-review"))
    assert names_on(client_for(None).get(DIRECTORY)) == []

    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id, flag.person) == ("profile_card", pat_card.pk, cast.participant)
    assert flag.source_title == "Profile card of Pat Participant"
    assert flag.source_url == held_url(pat_card)
    assert RISK not in str(flag.details) and RISK not in flag.source_title


def test_saving_the_same_risky_card_again_keeps_one_flag(cast, lab, pat_card, client_for):
    client = client_for(cast.participant)
    save_card(client, role_detail=RISK)
    save_card(client, role_detail=RISK, region="london")
    assert SafeguardingFlag.objects.count() == 1


def test_a_card_only_the_lab_team_sees_is_not_held_but_urgent_risk_is_still_flagged(cast, lab, pat_card, client_for):
    client = client_for(cast.participant)
    save_card(client, visibility="team", ask_me_about=f"{RISK}. {PHONE}")
    pat_card.refresh_from_db()
    assert pat_card.review_status == "not_needed" and not pat_card.is_held
    assert SafeguardingFlag.objects.filter(source_kind="profile_card", source_id=pat_card.pk).exists()
    page = parse(client.get(CARD))
    assert page.select_one("#help-now") is not None
    assert "Only the lab team can see your card" in text_of(page.select_one("#card-review"))
    # Sharing it wider later checks it again.
    save_card(client, visibility="participants", ask_me_about=f"{RISK}. {PHONE}")
    pat_card.refresh_from_db()
    assert pat_card.is_held


def test_an_edit_that_passes_the_check_shows_the_card_again_and_one_that_still_trips_keeps_it_held(
    cast, lab, pat_card, client_for
):
    client = client_for(cast.participant)
    save_card(client, ask_me_about=PHONE)
    save_card(client, ask_me_about="Write to pat@example.org")
    pat_card.refresh_from_db()
    assert pat_card.is_held and pat_card.found_personal_data == ["email address"]
    save_card(client, ask_me_about="Pacing and sleep")
    pat_card.refresh_from_db()
    assert pat_card.review_status == "not_needed" and pat_card.review_requested_at is None
    assert names_on(client_for(None).get(DIRECTORY)) == ["Pat"]
    assert [event.action for event in ProfileCardEvent.objects.filter(card=pat_card)] == [
        "held",
        "changed_still_held",
        "shown_after_change",
    ]


def test_the_lab_team_approves_a_held_card_and_it_is_shown_until_its_words_change(cast, lab, pat_card, client_for):
    participant = client_for(cast.participant)
    save_card(participant, ask_me_about="Our group's helpline is 0300 123 3393")
    team = client_for(cast.team)
    page = parse(team.get(HELD))
    item = page.select_one(f"#held-card-{pat_card.pk}")
    assert "Seems to include a phone number" in text_of(item)
    assert "0300 123 3393" in text_of(item.select_one(".carelab-profile-card__ask"))

    response = team.post(f"{held_url(pat_card)}approve/")
    assert response.status_code == 302 and response["Location"] == HELD
    pat_card.refresh_from_db()
    assert pat_card.review_status == "approved"
    assert names_on(client_for(None).get(DIRECTORY)) == ["Pat"]
    history = [text_of(row) for row in parse(team.get(held_url(pat_card))).select("#history tbody tr")]
    assert "Held for the lab team to check" in history[0] and "Pat Participant (their card)" in history[0]
    assert "Approved by the lab team" in history[1] and "Tam Team" in history[1]

    # Saved again with the same words and visibility: still approved. New words that trip: held again.
    save_card(participant, ask_me_about="Our group's helpline is 0300 123 3393", region="london")
    pat_card.refresh_from_db()
    assert pat_card.review_status == "approved"
    save_card(participant, ask_me_about="Our helpline is 0300 123 3393, or write to pat@example.org")
    pat_card.refresh_from_db()
    assert pat_card.review_status == "waiting"


def test_the_lab_team_asks_for_a_change_and_the_person_sees_the_message_and_gets_an_email(
    cast, lab, pat_card, client_for, django_capture_on_commit_callbacks
):
    save_card(client_for(cast.participant), ask_me_about=PHONE)
    team = client_for(cast.team)
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(
            f"{held_url(pat_card)}ask-for-change/", {"message": "Please take your number off.\nThanks!"}
        )
    assert response.status_code == 302 and response["Location"] == HELD
    pat_card.refresh_from_db()
    assert pat_card.review_status == "changes_asked"
    assert names_on(client_for(None).get(DIRECTORY)) == []
    (email,) = mail.outbox
    assert email.to == [cast.participant.email] and "Please take your number off." in email.body
    assert "/labs/the-lab/participants/card/" in email.body

    page = parse(client_for(cast.participant).get(CARD))
    assert "The lab team has asked you to change your card" in text_of(page.select_one("#card-review"))
    assert text_of(page.select_one("#change-request")).endswith("Please take your number off. Thanks!")
    assert "changes_asked" in [event.action for event in ProfileCardEvent.objects.filter(card=pat_card)]


def test_asking_for_a_change_without_a_message_is_explained_and_changes_nothing(cast, lab, pat_card, client_for):
    save_card(client_for(cast.participant), ask_me_about=PHONE)
    response = client_for(cast.team).post(f"{held_url(pat_card)}ask-for-change/", {"message": "  "})
    assert response.status_code == 200
    assert "Enter the message to the person" in text_of(parse(response).select_one(".nhsuk-error-summary"))
    pat_card.refresh_from_db()
    assert pat_card.review_status == "waiting" and not mail.outbox


def test_approving_a_card_that_is_no_longer_waiting_says_so_and_changes_nothing(cast, lab, pat_card, client_for):
    response = client_for(cast.team).post(f"{held_url(pat_card)}approve/", follow=True)
    assert "no longer waiting for a check" in text_of(parse(response).select_one(".nhsuk-notification-banner"))
    pat_card.refresh_from_db()
    assert pat_card.review_status == "not_needed"
    assert not ProfileCardEvent.objects.exists()


def test_another_labs_team_cannot_reach_a_held_card(cast, lab, pat_card, client_for):
    save_card(client_for(cast.participant), ask_me_about=PHONE)
    client = client_for(cast.other_team)
    assert client.get(held_url(pat_card)).status_code == 403
    assert client.post(f"{held_url(pat_card)}approve/").status_code == 403
    pat_card.refresh_from_db()
    assert pat_card.is_held


def test_the_team_dashboard_counts_held_cards_and_links_to_them(cast, lab, pat_card, client_for):
    save_card(client_for(cast.participant), ask_me_about=PHONE)
    page = parse(client_for(cast.team).get("/labs/the-lab/team/"))
    assert text_of(page.select_one("#held-cards-waiting")) == "1 waiting"
    assert page.select_one(f"a[href='{HELD}']") is not None


def test_a_held_card_is_not_on_its_organisations_page_nor_open_to_introductions(
    cast, lab, other_participant, client_for
):
    organisation = OrganisationFactory(lab=lab, name="Riverside Mind", is_public=True)
    card = ProfileCardFactory(
        lab=lab, display_name="Held Hal", visibility="participants", organisation=organisation, ask_me_about=PHONE
    )
    from carelab.participants.actions import check_card

    check_card(card)
    assert card.is_held
    page = parse(client_for(other_participant).get(f"/labs/the-lab/organisations/{organisation.pk}/"))
    assert "Held Hal" not in text_of(page.select_one("main"))
    assert client_for(other_participant).get(f"/labs/the-lab/connect/to/{card.pk}/").status_code == 404
    assert client_for(cast.team).get(f"/labs/the-lab/connect/to/{card.pk}/").status_code == 200


def test_a_conversation_does_not_take_its_name_from_a_held_card(cast, lab, pat_card, client_for):
    from carelab.connect.access import connect_name

    save_card(client_for(cast.participant), display_name="Pat 07700 900123")
    assert connect_name(cast.participant, lab) == "Pat Participant"


def test_a_card_made_on_acceptance_is_checked(cast, lab, client_for):
    application = ApplicationFactory(
        lab=lab, applicant__display_name="Robin 07700 900123", card_visibility="participants"
    )
    response = client_for(cast.team).post(
        f"/labs/the-lab/participants/team/applications/{application.pk}/accept/", {"message": "Welcome, {name}!"}
    )
    assert response.status_code == 302
    card = ProfileCard.objects.get(user=application.applicant)
    assert card.is_held and card.found_personal_data == ["phone number"]


def test_the_held_cards_list_is_oldest_first_and_makes_the_same_queries_for_3_and_20_cards(
    cast, lab, client_for, django_assert_num_queries
):
    from carelab.participants.actions import check_card
    from carelab.participants.tests.factories import LabTopicFactory

    topic = LabTopicFactory(lab=lab, name="Sleep")
    ProfileCardFactory(lab=cast.other_lab, ask_me_about=PHONE, visibility="public")

    def add(count):
        for _ in range(count):
            check_card(ProfileCardFactory(lab=lab, ask_me_about=PHONE, visibility="public", interests=[topic]))

    client = client_for(cast.team)

    def queries() -> int:
        with PageQueries() as context:
            assert client.get(HELD).status_code == 200
        return len(context)

    add(3)
    expected = queries()
    add(17)
    with django_assert_num_queries(expected):
        response = client.get(HELD)
    page = parse(response)
    assert text_of(page.select_one("#held-count")) == "20 cards waiting, the longest waiting first"
    shown = [int(item["id"].removeprefix("held-card-")) for item in page.select("#held-cards > li")]
    oldest_first = ProfileCard.objects.filter(lab=lab).order_by("review_requested_at", "pk")
    assert shown == list(oldest_first.values_list("pk", flat=True))


def test_a_held_cards_owner_can_still_write_in_connect_under_their_account_name(cast, lab, pat_card, client_for):
    save_card(client_for(cast.participant), display_name="Pat 07700 900123")
    bea = ProfileCardFactory(lab=lab, display_name="Bea", visibility="participants")
    client_for(cast.participant).post(f"/labs/the-lab/connect/to/{bea.pk}/", {"body": "Hello Bea", "send_anyway": ""})
    introduction = IntroductionFactory._meta.model.objects.get()
    assert introduction.sender_name == "Pat Participant"
