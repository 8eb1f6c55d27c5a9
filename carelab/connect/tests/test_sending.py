"""Sending an introduction: from the directory, to whom, what the recipient is sent, and what stops it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from carelab.connect.models import ConversationMessage, Introduction
from carelab.connect.tests.factories import BlockFactory, ConnectStopFactory, IntroductionFactory
from carelab.connect.tests.helpers import conversation_url, emails_to, send_url, whole_email
from carelab.core.tests.html import parse, text_of
from carelab.labs.models import Role
from carelab.participants.tests.factories import ProfileCardFactory

DIRECTORY = "/labs/the-lab/participants/"
MESSAGE = "Hello Bea, I am Pat. I saw you know about pacing. Could we talk about what helped you?"


def send_links(response) -> dict[str, str]:
    """Each card's name and the address of its "Send an introduction" link, if it has one."""
    page = parse(response)
    links = {}
    for card in page.select("#cards li"):
        link = card.select_one(".carelab-profile-card__connect a")
        links[text_of(card.select_one("h3"))] = link["href"] if link else None
    return links


def test_participants_and_the_team_see_a_send_link_on_other_peoples_cards_but_not_on_their_own(
    cast, client_for, pat_card, bea_card
):
    ProfileCardFactory(lab=cast.lab, display_name="Pip Public", visibility="public")
    links = send_links(client_for(cast.participant).get(DIRECTORY))
    assert links["Bea"] == send_url(bea_card)
    assert links["Pat"] is None
    assert send_links(client_for(cast.team).get(DIRECTORY))["Pat"] == send_url(pat_card)
    # Members and visitors see only public cards, and cannot use Connect.
    assert send_links(client_for(cast.member).get(DIRECTORY)) == {"Pip Public": None}
    assert send_links(Client().get(DIRECTORY)) == {"Pip Public": None}


def test_the_directory_links_to_the_persons_introductions_only_for_those_who_can_use_connect(
    cast, client_for, pat_card
):
    page = parse(client_for(cast.participant).get(DIRECTORY))
    assert page.select_one("#introductions-link")["href"] == "/labs/the-lab/connect/"
    assert parse(client_for(cast.member).get(DIRECTORY)).select_one("#introductions-link") is None


def test_an_introduction_reaches_its_recipient_without_revealing_either_address(
    cast, client_for, pat_card, bea_card, django_capture_on_commit_callbacks, settings
):
    bea = bea_card.user
    client = client_for(cast.participant)
    page = parse(client.get(send_url(bea_card)))
    assert text_of(page.select_one("h1")) == "Send an introduction to Bea"
    assert "If they reply, we will show each of you the other's address" in text_of(
        page.select_one("#addresses-promise")
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(bea_card), {"body": MESSAGE})

    introduction = Introduction.objects.get()
    assert (introduction.sender, introduction.recipient, introduction.lab) == (cast.participant, bea, cast.lab)
    assert (introduction.sender_name, introduction.recipient_name) == ("Pat", "Bea")
    assert response["Location"] == conversation_url(introduction)
    assert list(introduction.messages.values_list("body", flat=True)) == [MESSAGE]

    (email,) = mail.outbox
    assert email.to == [bea.email]
    assert email.cc == [] and email.bcc == [] and email.reply_to == []
    assert email.subject == "CareLab: Pat sent you an introduction in The lab"
    assert f"> {MESSAGE}" in email.body
    assert f"You can read it and reply here: {settings.SITE_URL}{conversation_url(introduction)}" in email.body
    assert "Samaritans" in email.body  # every e-mail says where to get help
    sent = whole_email(email)
    assert cast.participant.email not in sent
    assert bea.email not in email.body
    for header in ("Reply-To", "Cc", "Bcc"):
        assert header not in email.message()

    # Neither page shows an address: not the sender's, not the recipient's.
    for person, other in ((cast.participant, bea), (bea, cast.participant)):
        content = client_for(person).get(conversation_url(introduction)).content.decode()
        assert other.email not in content
        assert person.email not in content


def test_the_recipient_is_named_by_their_card_and_the_sender_by_theirs_or_their_public_name(
    cast, client_for, bea_card, django_capture_on_commit_callbacks
):
    # The lab team member has no card: they are known by their public name.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.team).post(send_url(bea_card), {"body": MESSAGE})
    introduction = Introduction.objects.get()
    assert (introduction.sender_name, introduction.recipient_name) == ("Tam Team", "Bea")
    assert emails_to(bea_card.user.email)[0].body.startswith("Hello Bea,\n\nTam Team, from The lab,")


def test_a_message_that_is_too_long_or_empty_is_explained_and_what_was_typed_stays(
    cast, client_for, pat_card, bea_card
):
    client = client_for(cast.participant)
    long_message = "a" * 1501
    page = parse(client.post(send_url(bea_card), {"body": long_message}))
    assert text_of(page.select_one("title")).startswith("Error: ")
    assert "Your message must be 1,500 characters or fewer. You have written 1501." in text_of(
        page.select_one(".nhsuk-error-summary")
    )
    assert page.select_one("textarea[name=body]").get_text() == long_message
    page = parse(client.post(send_url(bea_card), {"body": "   "}))
    assert "Write your message" in text_of(page.select_one(".nhsuk-error-summary"))
    assert not Introduction.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("card_kind", ["team only", "own", "other lab", "former participant"])
def test_cards_the_person_may_not_see_or_their_own_are_not_found(cast, client_for, pat_card, card_kind):
    card = {
        "team only": lambda: ProfileCardFactory(lab=cast.lab, visibility="team"),
        "own": lambda: pat_card,
        "other lab": lambda: ProfileCardFactory(lab=cast.other_lab, visibility="public"),
        "former participant": lambda: ProfileCardFactory(lab=cast.lab, visibility="public", membership=Role.MEMBER),
    }[card_kind]()
    client = client_for(cast.participant)
    path = f"/labs/the-lab/connect/to/{card.pk}/"
    assert client.get(path).status_code == 404
    assert client.post(path, {"body": MESSAGE}).status_code == 404
    assert not Introduction.objects.exists()


def test_the_lab_team_may_write_to_someone_whose_card_only_they_can_see(cast, client_for, pat_card):
    card = ProfileCardFactory(lab=cast.lab, visibility="team")
    assert client_for(cast.team).get(send_url(card)).status_code == 200


@pytest.mark.parametrize("started_by", ["pat", "bea"])
def test_writing_to_someone_you_already_have_a_conversation_with_goes_to_that_conversation(
    cast, client_for, pat_card, bea_card, started_by
):
    pat, bea = cast.participant, bea_card.user
    sender, recipient = (pat, bea) if started_by == "pat" else (bea, pat)
    introduction = IntroductionFactory(lab=cast.lab, sender=sender, recipient=recipient)
    client = client_for(pat)
    response = client.get(send_url(bea_card))
    assert response["Location"] == conversation_url(introduction)
    client.post(send_url(bea_card), {"body": MESSAGE})
    assert Introduction.objects.count() == 1 and ConversationMessage.objects.count() == 1


def test_a_blocked_person_cannot_send_another_and_is_told_only_that_they_cannot_contact_this_person(
    cast, client_for, pat_card, bea_card, django_capture_on_commit_callbacks
):
    BlockFactory(blocker=bea_card.user, blocked=cast.participant, lab=cast.lab)
    client = client_for(cast.participant)
    page = parse(client.get(send_url(bea_card)))
    assert text_of(page.select_one("#cannot-send")) == "You cannot contact this person."
    assert page.select_one("textarea") is None
    assert "block" not in text_of(page.select_one("main")).lower()

    with django_capture_on_commit_callbacks(execute=True):
        page = parse(client.post(send_url(bea_card), {"body": MESSAGE}))
    assert text_of(page.select_one(".nhsuk-error-summary__list")) == "You cannot contact this person."
    assert page.select_one("textarea[name=body]").get_text() == MESSAGE
    assert not Introduction.objects.exists() and mail.outbox == []


def test_someone_who_blocked_a_person_is_asked_to_unblock_them_before_writing(cast, client_for, pat_card, bea_card):
    BlockFactory(blocker=cast.participant, blocked=bea_card.user, lab=cast.lab)
    page = parse(client_for(cast.participant).get(send_url(bea_card)))
    assert "You have blocked this person. Unblock them" in text_of(page.select_one("#cannot-send"))
    client_for(cast.participant).post(send_url(bea_card), {"body": MESSAGE})
    assert not Introduction.objects.exists()


def test_the_daily_limit_stops_another_introduction_with_a_clear_message(
    cast, client_for, pat_card, bea_card, settings
):
    settings.CARELAB_CONNECT_DAILY_LIMIT = 2
    pat = cast.participant
    IntroductionFactory(lab=cast.lab, sender=pat, created_at=timezone.now() - timedelta(hours=25))
    IntroductionFactory(lab=cast.lab, sender=pat, created_at=timezone.now() - timedelta(hours=3))
    client = client_for(pat)
    assert parse(client.get(send_url(bea_card))).select_one("textarea") is not None  # the old one does not count

    IntroductionFactory(lab=cast.other_lab, sender=pat)  # the limit holds across labs
    page = parse(client.get(send_url(bea_card)))
    refusal = text_of(page.select_one("#cannot-send"))
    assert refusal.startswith("You have sent 2 introductions in the last 24 hours, which is the most we allow.")
    assert "You can send another from " in refusal
    page = parse(client.post(send_url(bea_card), {"body": MESSAGE}))
    assert "the most we allow" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=body]").get_text() == MESSAGE
    assert not Introduction.objects.filter(recipient=bea_card.user).exists()


def test_a_person_the_lab_team_stopped_cannot_send_introductions(cast, client_for, pat_card, bea_card):
    ConnectStopFactory(lab=cast.lab, user=cast.participant)
    client = client_for(cast.participant)
    assert "The lab team has stopped you" in text_of(parse(client.get(send_url(bea_card))).select_one("#cannot-send"))
    client.post(send_url(bea_card), {"body": MESSAGE})
    assert not Introduction.objects.exists()


def test_what_people_write_is_shown_as_text_never_as_html(cast, client_for, pat_card, bea_card):
    client_for(cast.participant).post(send_url(bea_card), {"body": "<script>alert(1)</script>\n<b>bold</b>"})
    response = client_for(bea_card.user).get(conversation_url(Introduction.objects.get()))
    assert b"<script>alert(1)</script>" not in response.content and b"<b>bold</b>" not in response.content
    message = parse(response).select_one("#messages .carelab-connect-message__body")
    assert text_of(message) == "<script>alert(1)</script> <b>bold</b>"


def test_a_message_with_a_risk_phrase_is_sent_and_where_to_get_help_shows_at_once(
    cast, client_for, pat_card, bea_card, django_capture_on_commit_callbacks
):
    cast.lab.risk_phrases = "can't go on"
    cast.lab.save(update_fields=["risk_phrases"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.participant).post(
            send_url(bea_card), {"body": "Some days I feel I can’t go on, and I would like to talk."}
        )
    introduction = Introduction.objects.get()
    assert response["Location"] == conversation_url(introduction)
    assert len(emails_to(bea_card.user.email)) == 1  # never held back
    for person in (cast.participant, bea_card.user):
        page = parse(client_for(person).get(conversation_url(introduction)))
        assert "Samaritans" in text_of(page.select_one("#help-now"))


def test_message_pages_always_offer_where_to_get_help(cast, client_for, pat_card, bea_card):
    introduction = IntroductionFactory(lab=cast.lab, sender=bea_card.user, recipient=cast.participant)
    client = client_for(cast.participant)
    for path in (send_url(ProfileCardFactory(lab=cast.lab)), conversation_url(introduction)):
        page = parse(client.get(path))
        assert "Samaritans" in text_of(page.select_one("#where-to-get-help"))
        assert page.select_one("#help-now") is None
