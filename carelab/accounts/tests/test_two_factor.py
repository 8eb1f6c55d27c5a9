import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import override_settings

from carelab.accounts.tests.factories import PASSWORD, UserFactory
from carelab.accounts.tests.pages import assert_accessible_page
from carelab.core.tests.html import text_of

TEAM_PAGE = "/labs/the-lab/team/"


def current_code(secret: str) -> str:
    """The code an authenticator app would show now, computed with allauth's own helpers."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def turn_on_two_factor(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@override_settings(CARELAB_REQUIRE_TEAM_MFA=True)
@pytest.mark.parametrize("role", ["team", "other_team", "admin"])
def test_team_member_without_two_factor_is_sent_to_set_it_up(client_for, cast, role):
    response = client_for(cast.person(role)).get(TEAM_PAGE)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"


@override_settings(CARELAB_REQUIRE_TEAM_MFA=True)
def test_team_member_is_sent_from_every_page_but_the_allowed_ones(client_for, cast):
    client = client_for(cast.team)
    assert client.get("/")["Location"] == "/accounts/2fa/totp/activate/"
    for allowed in ["/accounts/profile/", "/accounts/2fa/", "/help-now/", "/privacy/", "/healthz"]:
        assert client.get(allowed).status_code == 200, allowed


@override_settings(CARELAB_REQUIRE_TEAM_MFA=True)
def test_team_member_with_two_factor_is_let_through(client_for, cast):
    turn_on_two_factor(cast.team)
    assert client_for(cast.team).get(TEAM_PAGE).status_code == 200


@override_settings(CARELAB_REQUIRE_TEAM_MFA=True)
@pytest.mark.parametrize("role", ["member", "participant"])
def test_people_outside_lab_teams_are_never_asked_for_two_factor(client_for, cast, role):
    client = client_for(cast.person(role))
    assert client.get("/").status_code == 200
    assert client.get("/labs/the-lab/").status_code == 200


@override_settings(CARELAB_REQUIRE_TEAM_MFA=False)
def test_team_member_is_not_redirected_when_the_setting_is_off(client_for, cast):
    assert client_for(cast.team).get(TEAM_PAGE).status_code == 200


@override_settings(CARELAB_REQUIRE_TEAM_MFA=True)
def test_the_set_up_page_explains_why_and_shows_a_qr_code_and_the_key_as_text(client_for, cast):
    client = client_for(cast.team)
    client.get(TEAM_PAGE)
    # allauth asks for the password again before a security change.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    page = assert_accessible_page(client.get(response["Location"]), title="Confirm it is you")
    assert "must use two-factor sign-in" in text_of(page.select_one(".nhsuk-notification-banner"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/totp/activate/"

    page = assert_accessible_page(client.get("/accounts/2fa/totp/activate/"), title="Set up two-factor sign-in")
    qr_code = page.select_one("img#totp-qr-code")
    assert qr_code["src"].startswith("data:image/svg+xml;base64,") and qr_code["alt"]
    secret = text_of(page.select_one("#totp-secret")).replace(" ", "")
    assert len(secret) == 32
    assert page.select_one("input[name=code][autocomplete=one-time-code]")

    wrong_code = "000000" if current_code(secret) != "000000" else "111111"
    response = client.post("/accounts/2fa/totp/activate/", {"code": wrong_code})
    page = assert_accessible_page(response, title="Error: Set up two-factor sign-in")
    assert page.select_one(".nhsuk-error-summary a[href='#id_code']")

    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=cast.team, type=Authenticator.Type.TOTP).exists()
    assert_accessible_page(client.get(response["Location"]), title="Your recovery codes")
    assert client.get(TEAM_PAGE).status_code == 200


def test_signing_in_with_two_factor_asks_for_a_code_after_the_password(client, db):
    person = UserFactory(email="two.factor@example.org")
    secret = turn_on_two_factor(person)

    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD, "next": "/privacy/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    page = assert_accessible_page(client.get("/accounts/2fa/authenticate/"), title="Enter your security code")
    assert page.select_one("input[name=code][autocomplete=one-time-code]")

    response = client.post("/accounts/2fa/authenticate/", {"code": "not-a-code"})
    page = assert_accessible_page(response, title="Error: Enter your security code")
    assert page.select_one(".nhsuk-error-summary a[href='#id_code']")
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_recovery_code_also_signs_in(client, db):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    person = UserFactory()
    turn_on_two_factor(person)
    code = RecoveryCodes.activate(person).generate_codes()[0]
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_two_factor_page_shows_status_and_recovery_codes(client_for, db):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    person = UserFactory()
    client = client_for(person)
    page = assert_accessible_page(client.get("/accounts/2fa/"), title="Two-factor sign-in")
    assert "Off" in text_of(page.select_one("#totp-status"))
    assert page.select_one("a[href='/accounts/2fa/totp/activate/']")

    turn_on_two_factor(person)
    RecoveryCodes.activate(person)
    page = assert_accessible_page(client.get("/accounts/2fa/"))
    assert "On" in text_of(page.select_one("#totp-status"))
    assert "10 of 10 codes left" in text_of(page.select_one("main"))
    assert page.select_one("a[href='/accounts/2fa/totp/deactivate/']")
