"""A conversation: reading, the recipient's reply that shows both addresses, later messages, and blocks."""

import pytest
from django.core import mail

from carelab.connect import actions
from carelab.connect.models import ConversationMessage, Introduction
from carelab.connect.tests.factories import BlockFactory, ConnectStopFactory, IntroductionFactory
from carelab.connect.tests.helpers import conversation_url, emails_to
from carelab.core.tests.html import parse, text_of

REPLY = "Hello Pat, thank you for writing. Yes, let's talk: pacing changed a lot for me."


@pytest.fixture
def introduction(cast, pat_card, bea_card):
    """Pat (the cast participant) introduced themselves to Bea; Bea has not replied."""
    return IntroductionFactory(
        lab=cast.lab, sender=cast.participant, recipient=bea_card.user, sender_name="Pat", recipient_name="Bea"
    )


def reply_url(introduction) -> str:
    return f"{conversation_url(introduction)}reply/"


def messages_on(page) -> list[tuple[str, str]]:
    return [
        (
            text_of(item.select_one(".carelab-connect-message__author")),
            text_of(item.select_one(".carelab-connect-message__body")),
        )
        for item in page.select("#messages li")
    ]


def test_before_the_recipient_replies_neither_page_shows_an_address_and_both_say_why(cast, client_for, introduction):
    pat, bea = cast.participant, introduction.recipient
    for person, expected in (
        (pat, "Bea has not replied yet. We have not given them your email address"),
        (bea, "We have not given Pat your email address. If you reply, we will show them your address"),
    ):
        response = client_for(person).get(conversation_url(introduction))
        assert pat.email.encode() not in response.content and bea.email.encode() not in response.content
        page = parse(response)
        assert text_of(page.select_one("#addresses-hidden")).startswith(expected)
        assert page.select_one("#addresses") is None


def test_the_recipient_reads_the_introduction_and_is_told_a_reply_shares_addresses(cast, client_for, introduction):
    page = parse(client_for(introduction.recipient).get(conversation_url(introduction)))
    assert text_of(page.select_one("h1")) == "Conversation with Pat"
    assert messages_on(page) == [("Pat", "Hello, I saw your card and would like to talk about pacing.")]
    assert text_of(page.select_one("label[for=id_body]")) == "Reply to Pat"
    assert "we will show Pat your email address and show you theirs" in text_of(page.select_one("#message-form"))


def test_the_recipients_reply_shows_both_addresses_to_both_and_emails_the_sender_their_address(
    cast, client_for, introduction, django_capture_on_commit_callbacks
):
    pat, bea = cast.participant, introduction.recipient
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(bea).post(reply_url(introduction), {"body": REPLY})
    message = ConversationMessage.objects.get(author=bea)
    assert response["Location"] == f"{conversation_url(introduction)}#message-{message.pk}"
    introduction.refresh_from_db()
    assert introduction.replied_at == message.created_at

    for person, yours, theirs in ((bea, bea.email, pat.email), (pat, pat.email, bea.email)):
        page = parse(client_for(person).get(conversation_url(introduction)))
        rows = [text_of(row) for row in page.select("#addresses .nhsuk-summary-list__row")]
        other = "Pat" if person == bea else "Bea"
        assert rows == [f"Your email address {yours}", f"{other}’s email address {theirs}"]

    (email,) = mail.outbox
    assert email.to == [pat.email] and email.reply_to == []
    assert email.subject == "CareLab: Bea replied to your introduction"
    assert f"> {REPLY}" in email.body
    assert f"Their email address is {bea.email}. We have shared yours with them too" in email.body


def test_the_sender_cannot_write_again_until_the_recipient_replies(cast, client_for, introduction):
    client = client_for(cast.participant)
    page = parse(client.get(conversation_url(introduction)))
    assert text_of(page.select_one("#cannot-write p")) == "You can write again once Bea replies."
    assert page.select_one("#message-form") is None
    page = parse(client.post(reply_url(introduction), {"body": "Did you get my message?"}))
    assert "You can write again once Bea replies." in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=body]").get_text() == "Did you get my message?"
    assert introduction.messages.count() == 1


def test_after_a_reply_either_person_can_carry_on_and_the_other_is_emailed(
    cast, client_for, introduction, django_capture_on_commit_callbacks
):
    pat, bea = cast.participant, introduction.recipient
    with django_capture_on_commit_callbacks(execute=True):
        client_for(bea).post(reply_url(introduction), {"body": REPLY})
        client_for(pat).post(reply_url(introduction), {"body": "Wonderful. Shall we meet at the workshop?"})
        client_for(bea).post(reply_url(introduction), {"body": "Yes, see you there."})
    page = parse(client_for(pat).get(conversation_url(introduction)))
    assert [author for author, _ in messages_on(page)] == ["You", "Bea", "You", "Bea"]
    to_bea = emails_to(bea.email)
    assert [email.subject for email in to_bea] == ["CareLab: New message from Pat"]
    assert "> Wonderful. Shall we meet at the workshop?" in to_bea[0].body
    assert [email.subject for email in emails_to(pat.email)] == [
        "CareLab: Bea replied to your introduction",
        "CareLab: New message from Bea",
    ]


def test_a_reply_that_is_too_long_shows_the_conversation_again_with_what_was_typed(cast, client_for, introduction):
    page = parse(client_for(introduction.recipient).post(reply_url(introduction), {"body": "x" * 1600}))
    assert text_of(page.select_one("title")).startswith("Error: ")
    assert "1,500 characters or fewer" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=body]").get_text() == "x" * 1600
    assert len(messages_on(page)) == 1
    assert not Introduction.objects.filter(replied_at__isnull=False).exists()


@pytest.mark.parametrize("who_blocked", ["recipient", "sender"])
def test_once_either_person_blocks_the_other_neither_can_add_messages(
    cast, client_for, introduction, who_blocked, django_capture_on_commit_callbacks
):
    pat, bea = cast.participant, introduction.recipient
    actions.add_message(introduction=introduction, author=bea, body=REPLY)
    blocker, blocked = (bea, pat) if who_blocked == "recipient" else (pat, bea)
    BlockFactory(blocker=blocker, blocked=blocked, lab=cast.lab)
    mail.outbox.clear()

    page = parse(client_for(blocked).get(conversation_url(introduction)))
    assert text_of(page.select_one("#cannot-write p")) == "You cannot send messages in this conversation."
    assert page.select_one("#message-form") is None
    page = parse(client_for(blocker).get(conversation_url(introduction)))
    assert text_of(page.select_one("#cannot-write p")).startswith(
        f"You have blocked {'Pat' if blocker == bea else 'Bea'}. Unblock them"
    )
    with django_capture_on_commit_callbacks(execute=True):
        for person in (blocked, blocker):
            client_for(person).post(reply_url(introduction), {"body": "One more thing"})
    assert introduction.messages.count() == 2
    assert mail.outbox == []


def test_a_person_the_lab_team_stopped_cannot_add_messages(cast, client_for, introduction):
    actions.add_message(introduction=introduction, author=introduction.recipient, body=REPLY)
    ConnectStopFactory(lab=cast.lab, user=cast.participant)
    client = client_for(cast.participant)
    assert "The lab team has stopped you" in text_of(
        parse(client.get(conversation_url(introduction))).select_one("#cannot-write p")
    )
    client.post(reply_url(introduction), {"body": "Hello again"})
    assert introduction.messages.count() == 2


def test_no_email_goes_out_if_the_recipient_blocked_the_sender_before_it_was_sent(
    cast, introduction, django_capture_on_commit_callbacks
):
    pat, bea = cast.participant, introduction.recipient
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.add_message(introduction=introduction, author=bea, body=REPLY)
    actions.add_message(introduction=introduction, author=pat, body="Thanks!")
    BlockFactory(blocker=bea, blocked=pat, lab=cast.lab)
    for callback in callbacks:
        callback()
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["team", "admin", "member"])
def test_nobody_but_the_two_people_can_read_a_conversation(cast, client_for, introduction, role):
    assert client_for(cast.person(role)).get(conversation_url(introduction)).status_code in (403, 404)


def test_another_participant_cannot_read_or_write_in_a_conversation(cast, client_for, introduction):
    stranger = IntroductionFactory(lab=cast.lab).sender
    client = client_for(stranger)
    for path in (conversation_url(introduction), reply_url(introduction)):
        assert client.get(path).status_code == 404
    assert client.post(reply_url(introduction), {"body": "Hi"}).status_code == 404
    assert introduction.messages.count() == 1
