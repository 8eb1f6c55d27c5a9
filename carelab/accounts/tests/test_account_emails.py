"""allauth's e-mails in CareLab's words: from CareLab, never "Hello from 127.0.0.1" or example.com,
with every link on SITE_URL whatever host the request came to, and where to get help now."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from carelab.accounts.tests.factories import PASSWORD, UserFactory

SITE = "https://carelab.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def links_in(text: str) -> list[str]:
    return re.findall(r"(?:https?://|www\.)\S+", text)


def assert_in_carelabs_voice(message):
    assert message.subject.startswith("CareLab: ")
    for text in (message.subject, message.body):
        for wrong in ("Hello from", "example.com", "testserver", "127.0.0.1", "Thank you for using"):
            assert wrong not in text
    assert message.body.startswith("Hello,\n\n")
    assert "The CareLab team" in message.body
    assert "Need help now?" in message.body and "116 123" in message.body
    links = links_in(message.body)
    assert links and all(link.startswith(SITE + "/") for link in links)
    assert not [alternative for alternative in message.alternatives if alternative[1] == "text/html"]


def test_the_sign_up_confirmation_is_from_carelab_with_a_link_on_the_site(client, db):
    client.post(
        "/accounts/signup/",
        {"email": "new.person@example.org", "display_name": "Robin", "password1": PASSWORD, "password2": PASSWORD},
    )
    (message,) = mail.outbox
    assert message.subject == "CareLab: Confirm your e-mail address to finish signing up"
    assert_in_carelabs_voice(message)
    assert re.search(re.escape(SITE) + r"/accounts/confirm-email/\S+/", message.body)


def test_signing_in_unconfirmed_sends_the_confirmation_again_in_carelabs_words(client, db):
    user = UserFactory(email="unverified@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    (message,) = mail.outbox
    assert message.subject == "CareLab: Confirm your e-mail address"
    assert_in_carelabs_voice(message)


def test_the_password_reset_is_from_carelab_with_a_link_on_the_site(client, db):
    UserFactory(email="forgetful@example.org")
    client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    (message,) = mail.outbox
    assert message.subject == "CareLab: Reset your password"
    assert_in_carelabs_voice(message)
    assert f"{SITE}/accounts/password/reset/key/" in message.body


def test_a_reset_for_an_unknown_address_says_so_kindly(client, db):
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    (message,) = mail.outbox
    assert message.subject == "CareLab: There is no CareLab account with this address"
    assert_in_carelabs_voice(message)
    assert f"{SITE}/accounts/signup/" in message.body


def test_signing_up_again_with_a_known_address_e_mails_its_owner_in_carelabs_words(client, db):
    UserFactory(email="known@example.org")
    client.post(
        "/accounts/signup/",
        {"email": "known@example.org", "display_name": "Kim", "password1": PASSWORD, "password2": PASSWORD},
    )
    (message,) = mail.outbox
    assert message.subject == "CareLab: You already have a CareLab account"
    assert_in_carelabs_voice(message)
    assert f"{SITE}/accounts/password/reset/" in message.body
