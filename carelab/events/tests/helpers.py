"""Small helpers shared by the events tests."""

import icalendar
from django.core import mail


def emails_to(address: str) -> list:
    return [email for email in mail.outbox if address in email.to]


def only_email_to(address: str):
    (email,) = emails_to(address)
    return email


def attached_calendar(email) -> icalendar.Calendar:
    """The one .ics attachment of an e-mail, parsed as a calendar program would."""
    (attachment,) = [item for item in email.attachments if item[0].endswith(".ics")]
    filename, content, mimetype = attachment
    assert mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(content)


def register_url(event) -> str:
    return f"/labs/{event.lab.slug}/events/{event.pk}/register/"


def cancel_url(event) -> str:
    return f"/labs/{event.lab.slug}/events/{event.pk}/cancel/"
