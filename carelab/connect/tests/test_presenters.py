"""Display values for Connect: the inbox's states, who wrote a message, and when to show help at once."""

from datetime import UTC, datetime, timedelta

import pytest

from carelab.connect.models import ConversationMessage, Introduction
from carelab.connect.presenters import ConversationRow, MessageView, PersonalDataWarning, mentions_risk
from carelab.labs.models import Lab

EARLIER = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = EARLIER + timedelta(hours=3)
SENDER, RECIPIENT = 1, 2


def introduction(*, replied=False, latest_from_other_at=None, sender_read_at=EARLIER, recipient_read_at=None):
    intro = Introduction(
        pk=7,
        sender_id=SENDER,
        recipient_id=RECIPIENT,
        sender_name="Ana",
        recipient_name="Bo",
        replied_at=EARLIER if replied else None,
        sender_read_at=sender_read_at,
        recipient_read_at=recipient_read_at,
    )
    intro.latest_from_other_at = latest_from_other_at
    return intro


@pytest.mark.parametrize(
    ("viewer", "intro", "blocked", "expected"),
    [
        (RECIPIENT, introduction(latest_from_other_at=EARLIER), False, "Unread"),
        (RECIPIENT, introduction(latest_from_other_at=EARLIER, recipient_read_at=LATER), False, "Not replied yet"),
        (SENDER, introduction(), False, "Waiting for a reply"),
        (SENDER, introduction(replied=True, latest_from_other_at=LATER), False, "Unread"),
        (SENDER, introduction(replied=True, latest_from_other_at=LATER, sender_read_at=LATER), False, "Replied"),
        (RECIPIENT, introduction(latest_from_other_at=EARLIER), True, "Blocked"),
    ],
)
def test_each_conversation_in_the_inbox_says_where_it_stands(viewer, intro, blocked, expected):
    assert ConversationRow(intro, viewer, blocked_by_viewer=blocked).tag.text == expected


def test_the_inbox_names_the_other_person_whoever_started_it():
    intro = introduction()
    assert (ConversationRow(intro, SENDER).other_name, ConversationRow(intro, SENDER).other_id) == ("Bo", RECIPIENT)
    assert (ConversationRow(intro, RECIPIENT).other_name, ConversationRow(intro, RECIPIENT).other_id) == ("Ana", SENDER)


def test_a_message_is_by_you_or_by_the_other_person_by_name_and_keeps_its_lines():
    intro = introduction()
    message = ConversationMessage(pk=3, author_id=RECIPIENT, body="Hi Ana,\r\n\r\nYes please.\nBo")
    assert MessageView(message, intro, RECIPIENT).author_name == "You"
    assert MessageView(message, intro, SENDER).author_name == "Bo"
    assert MessageView(message, intro, None).author_name == "Bo"  # the lab team reading a report
    assert MessageView(message, intro, SENDER).paragraphs == [["Hi Ana,"], ["Yes please.", "Bo"]]


def test_help_shows_at_once_when_the_risk_check_finds_risk_in_any_message():
    lab = Lab(risk_phrases="can't go on\nwant to disappear")
    messages = [ConversationMessage(body="Nice to meet you"), ConversationMessage(body="Some days I CAN'T GO ON.")]
    assert mentions_risk(lab, messages)
    assert not mentions_risk(lab, messages[:1])


def test_each_message_is_checked_on_its_own():
    lab = Lab(risk_phrases="can't go on")
    assert not mentions_risk(lab, [ConversationMessage(body="I can't"), ConversationMessage(body="go on Tuesday")])


def test_the_personal_data_warning_names_what_was_found_and_what_sending_means():
    warning = PersonalDataWarning(("phone number", "email address"), "Bea", "abc", addresses_private=True)
    assert warning.paragraphs[0] == "Your message seems to include a phone number and an email address."
    assert "private until a reply" in warning.paragraphs[1] and "Bea will see it" in warning.paragraphs[1]
    later = PersonalDataWarning(("phone number",), "Bea", "abc", addresses_private=False)
    assert "private" not in later.paragraphs[1]
