"""Signing in through the form, in a real browser. The only browser test that drives the sign-in form:
every other journey signs in by session cookie."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from carelab.accounts.tests.factories import PASSWORD, UserFactory
from carelab.browser_fixtures import axe_check

pytestmark = pytest.mark.browser


def follow(link_or_button):
    """Click, and wait until the page it leads to has loaded."""
    with link_or_button.page.expect_navigation():
        link_or_button.click()


def test_person_signs_in_after_a_wrong_password_and_returns_where_they_were(page_with_and_without_js, cast):
    page = page_with_and_without_js
    person = UserFactory(email="sam@example.org", display_name="Sam Signer")
    lab_url = cast.lab.get_absolute_url()
    page.goto(f"/accounts/login/?next={quote(lab_url)}")
    axe_check(page)

    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    follow(page.get_by_role("button", name="Sign in"))
    axe_check(page)

    expect(page).to_have_title("Error: Sign in – CareLab")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("not correct")
    expect(page.get_by_label("Email address")).to_have_value("sam@example.org")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()  # still signed out

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page.get_by_role("button", name="Sign in"))
    axe_check(page)

    expect(page).to_have_url(re.compile(re.escape(lab_url) + "$"))
    expect(page.get_by_role("link", name="Sam Signer")).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_have_count(0)
