"""The rest of the allauth pages, in our Jinja templates: each renders and is structurally accessible."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory

from carelab.accounts.tests.factories import PASSWORD, UserFactory
from carelab.accounts.tests.pages import assert_accessible_page
from carelab.accounts.tests.test_two_factor import current_code, turn_on_two_factor
from carelab.core.tests.html import parse, text_of


def test_inactive_account_is_told_so_on_sign_in(client, db):
    person = UserFactory(is_active=False)
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/inactive/"
    assert_accessible_page(client.get(response["Location"]), title="This account is not active")


def test_person_without_a_password_can_set_one(client_for, db):
    person = UserFactory()
    person.set_unusable_password()
    person.save(update_fields=["password"])
    page = assert_accessible_page(client_for(person).get("/accounts/password/set/"), title="Set a password")
    assert page.select_one("input[name=password1][type=password]")


def test_adding_an_email_address_sends_a_confirmation_and_lists_it(client_for, db):
    from django.core import mail

    person = UserFactory(email="first@example.org")
    client = client_for(person)
    response = client.post("/accounts/email/", {"action_add": "1", "email": "second@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/email/"
    assert EmailAddress.objects.filter(user=person, email="second@example.org", verified=False).exists()
    assert "Need help now?" in mail.outbox[-1].body
    page = assert_accessible_page(client.get("/accounts/email/"), title="Your email address")
    labels = [text_of(label) for label in page.select(".nhsuk-radios__label")]
    assert labels == ["first@example.org (the address we use, confirmed)", "second@example.org (not confirmed yet)"]


def test_a_bad_new_email_address_is_shown_in_the_error_summary(client_for, db):
    response = client_for(UserFactory()).post("/accounts/email/", {"action_add": "1", "email": "not-an-address"})
    page = assert_accessible_page(response, title="Error: Your email address")
    assert page.select_one(".nhsuk-error-summary a[href='#id_email']")
    assert page.select_one("input[name=email][type=email]")["value"] == "not-an-address"


def _reauthenticate_with_code(client, secret, next_url):
    response = client.get(next_url)
    assert response["Location"].startswith("/accounts/reauthenticate/")
    page = assert_accessible_page(client.get(response["Location"]), title="Confirm it is you")
    code_page = page.select_one("a[href^='/accounts/2fa/reauthenticate/']")["href"]
    assert_accessible_page(client.get(code_page), title="Confirm it is you")
    response = client.post(code_page, {"code": current_code(secret)})
    assert response["Location"] == next_url


def test_turning_off_two_factor_confirms_it_is_you_first(client_for, db):
    person = UserFactory()
    secret = turn_on_two_factor(person)
    client = client_for(person)
    _reauthenticate_with_code(client, secret, "/accounts/2fa/totp/deactivate/")
    page = assert_accessible_page(client.get("/accounts/2fa/totp/deactivate/"), title="Turn off two-factor sign-in")
    assert text_of(page.select_one("form button")) == "Turn off two-factor sign-in"
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_recovery_codes_can_be_seen_and_made_again(client_for, db):
    person = UserFactory()
    secret = turn_on_two_factor(person)
    codes = RecoveryCodes.activate(person).generate_codes()
    client = client_for(person)
    _reauthenticate_with_code(client, secret, "/accounts/2fa/recovery-codes/generate/")
    page = assert_accessible_page(client.get("/accounts/2fa/recovery-codes/"), title="Your recovery codes")
    assert [text_of(code) for code in page.select("#recovery-codes code")] == codes
    page = assert_accessible_page(client.get("/accounts/2fa/recovery-codes/generate/"), title="Make new recovery codes")
    assert "Your old codes will stop working" in text_of(page.select_one("main"))
    response = client.post("/accounts/2fa/recovery-codes/generate/")
    assert response.status_code == 302
    assert RecoveryCodes(Authenticator.objects.get(user=person, type="recovery_codes")).generate_codes() != codes


def test_verified_email_required_page_renders(db):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    page = parse(render_to_string("account/verified_email_required.html", request=request))
    assert text_of(page.select_one("h1")) == "Confirm your email address"
    assert len(page.select("h1")) == 1
