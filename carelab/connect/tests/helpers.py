"""Small helpers shared by the Connect tests."""

from django.core import mail

from carelab.connect.models import Introduction


def send_url(card) -> str:
    return f"/labs/{card.lab.slug}/connect/to/{card.pk}/"


def conversation_url(introduction: Introduction) -> str:
    return f"/labs/{introduction.lab.slug}/connect/{introduction.pk}/"


def emails_to(address: str) -> list:
    return [email for email in mail.outbox if address in email.to]


def whole_email(email) -> str:
    """Every header and the body, as the mail server gets them."""
    return email.message().as_string()
