import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail

from carelab.accounts.models import User
from carelab.accounts.tests.factories import PASSWORD, UserFactory
from carelab.accounts.tests.pages import assert_accessible_page
from carelab.core.tests.html import text_of

NEW_PASSWORD = "a-different-long-password-77"


def _link_in(message) -> str:
    """The path of the e-mail's link: links start with SITE_URL, never the host the request came to."""
    return re.search(re.escape(settings.SITE_URL) + r"(/\S+)", message.body).group(1)


def _assert_has_crisis_footer(message):
    assert "Need help now?" in message.body
    assert "not a crisis service" in message.body
    for contact in ["999", "NHS 111", "116 123", "85258"]:
        assert contact in message.body


def test_sign_in_page_asks_for_email_and_password_with_links_to_reset_and_sign_up(client, db):
    page = assert_accessible_page(client.get("/accounts/login/"), title="Sign in")
    assert text_of(page.select_one("h1")) == "Sign in"
    form = page.select_one("form[action='/accounts/login/']")
    assert form.select_one("input[name=login]")["type"] == "email"
    assert form.select_one("input[name=password]")["type"] == "password"
    assert form.has_attr("novalidate")
    links = {text_of(a): a["href"] for a in page.select("main a")}
    assert links["Forgotten your password?"] == "/accounts/password/reset/"
    assert links["Create an account"].startswith("/accounts/signup/")


def test_sign_in_page_keeps_the_page_to_return_to(client, db):
    page = assert_accessible_page(client.get("/accounts/login/?next=/team/"))
    assert page.select_one("form input[type=hidden][name=next]")["value"] == "/team/"
    assert page.select_one("main a[href^='/accounts/signup/']")["href"] == "/accounts/signup/?next=%2Fteam%2F"


def test_wrong_password_shows_the_nhs_error_summary_and_keeps_the_email(client, db):
    UserFactory(email="pat@example.org")
    response = client.post("/accounts/login/", {"login": "pat@example.org", "password": "not-the-password"})
    assert response.status_code == 200
    page = assert_accessible_page(response, title="Error: Sign in")
    summary = page.select_one(".nhsuk-error-summary")
    assert text_of(summary.select_one("h2")) == "There is a problem"
    assert "not correct" in text_of(summary)
    assert page.select_one("input[name=login]")["value"] == "pat@example.org"
    assert page.select_one("input[name=password]").get("value", "") == ""
    assert "_auth_user_id" not in client.session


def test_missing_email_is_linked_from_the_error_summary_to_the_field(client, db):
    page = assert_accessible_page(client.post("/accounts/login/", {"login": "", "password": ""}))
    hrefs = [a["href"] for a in page.select(".nhsuk-error-summary a")]
    assert "#id_login" in hrefs and "#id_password" in hrefs
    assert page.select_one("#id_login-error")


def test_signing_in_returns_to_the_page_asked_for(client, cast):
    response = client.post("/accounts/login/", {"login": cast.team.email, "password": PASSWORD, "next": "/team/"})
    assert response.status_code == 302 and response["Location"] == "/team/"
    assert client.session["_auth_user_id"] == str(cast.team.pk)


def test_signing_in_without_a_page_to_return_to_goes_home(client, cast):
    response = client.post("/accounts/login/", {"login": cast.member.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_sign_up_verify_email_then_sign_in(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "new.person@example.org", "display_name": "Robin", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert_accessible_page(client.get(response["Location"]), title="Check your email")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert message.subject.startswith("CareLab: ")
    _assert_has_crisis_footer(message)
    user = User.objects.get(email="new.person@example.org")
    assert user.display_name == "Robin"
    assert not EmailAddress.objects.get(user=user).verified

    confirm_url = _link_in(message)
    page = assert_accessible_page(client.get(confirm_url), title="Confirm your email address")
    assert "new.person@example.org" in text_of(page.select_one("main"))
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post("/accounts/login/", {"login": "new.person@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_asks_for_a_display_name_and_keeps_what_was_typed(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "nameless@example.org",
            "display_name": "me@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    page = assert_accessible_page(response, title="Error: Create an account")
    assert "not an email address" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("input[name=display_name]")["value"] == "me@example.org"
    assert not User.objects.filter(email="nameless@example.org").exists()


def test_unverified_person_cannot_sign_in_until_they_confirm(client, db):
    user = UserFactory(email="unverified@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    _assert_has_crisis_footer(mail.outbox[-1])


def test_sign_up_errors_are_summarised_and_the_email_is_kept(client, db):
    response = client.post(
        "/accounts/signup/", {"email": "someone@example.org", "password1": "short", "password2": "different"}
    )
    page = assert_accessible_page(response, title="Error: Create an account")
    assert page.select(".nhsuk-error-summary li")
    assert page.select_one("input[name=email]")["value"] == "someone@example.org"
    assert not User.objects.filter(email="someone@example.org").exists()


def test_password_reset_sends_an_email_with_the_crisis_footer_and_a_working_link(client, db):
    user = UserFactory(email="forgetful@example.org")
    assert_accessible_page(client.get("/accounts/password/reset/"), title="Reset your password")
    response = client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert_accessible_page(client.get(response["Location"]), title="Check your email")

    assert len(mail.outbox) == 1
    _assert_has_crisis_footer(mail.outbox[0])
    reset_url = _link_in(mail.outbox[0])
    response = client.get(reset_url)
    # allauth moves the key out of the address before showing the form.
    form_url = response["Location"] if response.status_code == 302 else reset_url
    page = assert_accessible_page(client.get(form_url), title="Choose a new password")
    assert page.select_one("input[name=password1]")
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert_accessible_page(client.get(response["Location"]), title="Your password has been changed")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_an_old_reset_link_says_it_has_expired(client, db):
    page = assert_accessible_page(client.get("/accounts/password/reset/key/1-not-a-real-key/"))
    assert text_of(page.select_one("h1")) == "This link has expired"


def test_an_unknown_confirmation_link_says_it_has_expired(client, db):
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    page = assert_accessible_page(response)
    assert text_of(page.select_one("h1")) == "This link has expired"


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/accounts/logout/", "Sign out"),
        ("/accounts/email/", "Your email address"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/2fa/", "Two-factor sign-in"),
    ],
)
def test_account_pages_for_signed_in_people_are_accessible(client_for, cast, url, title):
    assert_accessible_page(client_for(cast.member).get(url), title=title)


def test_changing_password_needs_the_current_one(client_for, cast):
    client = client_for(cast.member)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    page = assert_accessible_page(response, title="Error: Change your password")
    assert page.select_one(".nhsuk-error-summary a[href='#id_oldpassword']")
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    cast.member.refresh_from_db()
    assert cast.member.check_password(NEW_PASSWORD)


def test_signing_out_ends_the_session(client_for, cast):
    client = client_for(cast.member)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
