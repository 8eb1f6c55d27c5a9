"""carelab.core.email.send_email: every CareLab e-mail ends with where to get help now."""

from django.core import mail

from carelab.core.email import send_email


def test_every_email_ends_with_the_crisis_footer(settings):
    settings.SITE_URL = "https://carelab.example"
    assert send_email("pat@example.org", "Hello", "Body text.\n\n") == 1
    (email,) = mail.outbox
    assert email.to == ["pat@example.org"]
    assert email.subject == "CareLab: Hello"
    assert email.body.startswith("Body text.\n")
    assert "CareLab is not a crisis service." in email.body
    assert "Samaritans free on 116 123" in email.body and "SHOUT to 85258" in email.body
    assert email.body.rstrip().endswith("More help: https://carelab.example/help-now/")


def test_subjects_are_folded_onto_one_line():
    send_email(["pat@example.org"], "A title\nwith a break", "Body")
    assert mail.outbox[0].subject == "CareLab: A title with a break"


def test_nothing_is_sent_without_an_address():
    assert send_email(["", None], "Hello", "Body") == 0
    assert mail.outbox == []
