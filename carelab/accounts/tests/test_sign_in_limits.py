"""Sign-in limits behind the TLS proxy, and two-factor codes that work once.

Production runs behind a proxy (docs/operations.md), so every request reaches CareLab from the
proxy's address and the person's own address is in X-Forwarded-For. allauth's per-address limits
must count the person's address, or one stranger's failed sign-ins lock everybody out; its
per-account limit must still hold however many addresses an attacker uses.
"""

import pytest
from django.test import Client, override_settings

from carelab.accounts.tests.factories import PASSWORD, UserFactory
from carelab.accounts.tests.test_two_factor import current_code, turn_on_two_factor
from carelab.core.tests.html import parse, text_of

PROXY = "203.0.113.1"  # the TLS proxy's own address (a documentation address)


def client_address(n: int) -> str:
    return f"198.51.{100 + n // 250}.{n % 250 + 1}"


def sign_in(client, email, password, *, from_address):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=from_address,
    )


@pytest.fixture
def allauth_limits(settings):
    """allauth's own sign-in limits, as in production (the test settings turn them off)."""
    settings.ACCOUNT_RATE_LIMITS = {}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None


def test_forty_failed_sign_ins_from_many_addresses_do_not_lock_out_someone_else(client, db, allauth_limits):
    person = UserFactory(email="real.person@example.org")
    for n in range(40):
        response = sign_in(client, f"random{n}@example.net", "wrong-password", from_address=client_address(n))
        assert response.status_code == 200, n  # the form again, saying the details are wrong

    response = sign_in(client, person.email, PASSWORD, from_address="192.0.2.77")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_without_trusting_the_proxy_one_stranger_locks_everybody_out(client, db, allauth_limits, settings):
    """The hole the penetration test found: every request seems to come from the proxy."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    person = UserFactory()
    for n in range(40):
        sign_in(client, f"random{n}@example.net", "wrong-password", from_address=client_address(n))

    response = sign_in(client, person.email, PASSWORD, from_address="192.0.2.77")

    assert response.status_code == 429


def test_five_failed_sign_ins_to_one_account_lock_that_account_from_any_address(client, db, allauth_limits):
    person = UserFactory(email="target@example.org")
    bystander = UserFactory(email="bystander@example.org")
    for n in range(5):
        sign_in(client, person.email, "wrong-password", from_address=client_address(n))

    response = sign_in(client, person.email, PASSWORD, from_address=client_address(99))

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in text_of(parse(response).select_one(".nhsuk-error-summary"))
    # Someone else signing in from the same addresses is not affected.
    response = sign_in(client, bystander.email, PASSWORD, from_address=client_address(1))
    assert response.status_code == 302


def test_a_header_set_by_the_proxy_can_name_the_client_instead(client, db, allauth_limits, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    person = UserFactory()
    for n in range(40):
        client.post(
            "/accounts/login/",
            {"login": f"random{n}@example.net", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_REAL_IP=client_address(n),
        )

    response = client.post(
        "/accounts/login/", {"login": person.email, "password": PASSWORD}, REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="192.0.2.9"
    )

    assert response.status_code == 302


@override_settings(CARELAB_REQUIRE_TEAM_MFA=False)
def test_a_two_factor_code_used_once_is_refused_in_a_second_session(client, db):
    person = UserFactory(email="two.sessions@example.org")
    secret = turn_on_two_factor(person)
    code = current_code(secret)
    first, second = client, Client()
    for browser in (first, second):
        response = browser.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
        assert response["Location"] == "/accounts/2fa/authenticate/"

    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    response = second.post("/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 200
    assert "_auth_user_id" not in second.session
    assert parse(response).select_one(".nhsuk-error-summary a[href='#id_code']")
