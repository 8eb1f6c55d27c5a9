"""E-mails with attachments (carelab.core.email.send_email), and when registration e-mails are sent."""

from django.core import mail

from carelab.core.email import send_email
from carelab.core.tests.on_commit import queued_by_the_action
from carelab.events import actions
from carelab.events.tests.helpers import emails_to


def test_send_email_attaches_files_and_keeps_the_crisis_footer():
    sent = send_email(
        "pat@example.org",
        "Your place",
        "Body.",
        attachments=[("event-1.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    assert sent == 1
    (email,) = mail.outbox
    assert email.subject == "CareLab: Your place"
    assert "Samaritans free on 116 123" in email.body
    (attachment,) = email.attachments
    assert attachment[0] == "event-1.ics" and attachment[2] == "text/calendar"
    message = email.message()
    parts = [part for part in message.walk() if part.get_filename() == "event-1.ics"]
    assert parts[0].get_content_type() == "text/calendar"
    assert "BEGIN:VCALENDAR" in parts[0].get_payload(decode=True).decode()


def test_send_email_without_attachments_sends_plain_text_as_before():
    send_email(["pat@example.org"], "Hello", "Body")
    assert mail.outbox[0].attachments == []
    assert mail.outbox[0].message().get_content_type() == "text/plain"


def test_no_email_is_sent_until_the_registration_is_saved(cast, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.register(event=event, user=cast.member)
    (send,) = queued_by_the_action(callbacks)
    assert mail.outbox == []
    send()
    assert len(emails_to("member@example.org")) == 1


def test_a_confirmation_is_not_sent_for_a_place_given_up_before_it_went_out(
    cast, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = actions.register(event=event, user=cast.member)
    actions.cancel_registration(registration=registration)
    callbacks[0]()
    assert emails_to("member@example.org") == []


def test_a_place_confirmation_tells_what_the_event_is_about_in_plain_text(
    cast, event, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8123"
    event.summary = "A **friendly** session. Read [the notes](/labs/the-lab/posts/) first.\n\n- tea\n- cake"
    event.save(update_fields=["summary"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.register(event=event, user=cast.member)
    (email,) = emails_to("member@example.org")
    assert (
        "About the event:\nA friendly session. Read the notes (http://127.0.0.1:8123/labs/the-lab/posts/) first."
        "\n\n- tea\n- cake\n\n"
    ) in email.body
