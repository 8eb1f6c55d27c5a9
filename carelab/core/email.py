"""Sending CareLab e-mails: plain text, and every one ends with where to get help now."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from carelab.core.crisis import crisis_text_for_email

SUBJECT_PREFIX = "CareLab: "


class EmailNotSent(Exception):
    """The mail server refused an e-mail. Says nothing about whom it was for or what it said.

    A failed task's traceback is stored by the database task backend, and smtplib's errors name
    the recipients (decision 0015).
    """


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's address plus a path from reverse()."""
    return settings.SITE_URL + path


def send_email(
    to: str | list[str], subject: str, body: str, attachments: list[tuple[str, str | bytes, str]] | None = None
) -> int:
    """Send one plain-text e-mail with the crisis footer. Returns the number sent (0 or 1).

    Subjects are folded onto one line: they may carry a lab or post title. `attachments` are
    (filename, content, MIME type) triples, such as an event's .ics invitation.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [address for address in recipients if address]
    if not recipients:
        return 0
    subject = " ".join(f"{SUBJECT_PREFIX}{subject}".split())
    footer = crisis_text_for_email(absolute_url(reverse("help_now")))
    message = EmailMessage(subject, body.rstrip() + "\n" + footer, None, recipients)
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return deliver(message)


def deliver(message: EmailMessage) -> int:
    """Send a built message; a mail server's refusal becomes `EmailNotSent`, without the addresses."""
    try:
        return message.send()
    except smtplib.SMTPException as error:
        raise EmailNotSent(f"The mail server refused the e-mail ({type(error).__name__}).") from None
