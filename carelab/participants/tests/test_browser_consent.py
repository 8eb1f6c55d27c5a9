"""Withdrawing consent in a real browser, with JavaScript off (decision 0044), axe on every page: a participant
stops showing their profile card from the card page, withdraws their consent to emails from their
application, and sees both on Your data, where they show their card again."""

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.participants.forms import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION, visibility_consent
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, wait until the page it leads to has loaded, and check it for accessibility."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_a_participant_withdraws_card_and_email_consent_and_sees_it_on_your_data(
    page_without_js, sign_in_browser, cast
):
    page = page_without_js
    version = CONSENT_WORDING_VERSION
    consents = {name: {"wording": text, "version": version} for name, text in CONSENT_STATEMENTS.items()}
    ApplicationFactory(
        lab=cast.lab,
        applicant=cast.participant,
        status="accepted",
        consents={**consents, "profile_card": visibility_consent("participants")},
    )
    ProfileCardFactory(lab=cast.lab, user=cast.participant, display_name="Pat Shown", visibility="participants")
    sign_in_browser(page, cast.participant)

    # The card: stop showing it to anyone.
    page.goto("/labs/the-lab/participants/card/")
    axe_check(page)
    follow(page.get_by_role("link", name="Stop showing my card to anyone"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your consent: showing your profile card?")
    follow(page.get_by_role("button", name="Yes, withdraw my consent"))
    expect(page.locator("#card-hidden")).to_contain_text("Nobody can see your card")
    page.goto("/labs/the-lab/participants/")
    axe_check(page)
    expect(page.locator("main")).not_to_contain_text("Pat Shown")

    # The application: withdraw the consent to emails.
    page.goto("/labs/the-lab/participants/application/")
    axe_check(page)
    row = page.locator("#consents .nhsuk-summary-list__row", has_text=CONSENT_STATEMENTS["contact"])
    follow(row.get_by_role("link", name="Withdraw"))
    expect(page.locator("#withdrawing-does")).to_contain_text("stop emailing you")
    follow(page.get_by_role("button", name="Yes, withdraw my consent"))
    expect(page.locator("#consents .nhsuk-summary-list__row", has_text=CONSENT_STATEMENTS["contact"])).to_contain_text(
        "No"
    )

    # Your data: both withdrawn, with when; show the card again from there.
    page.goto("/accounts/your-data/")
    axe_check(page)
    emails = page.locator(".carelab-consent", has_text="Emails about the lab's activities")
    expect(emails).to_contain_text("Withdrawn")
    expect(emails).to_contain_text(CONSENT_WORDING_VERSION)
    card = page.locator(".carelab-consent", has_text="Showing your profile card").first
    expect(card).to_contain_text("Withdrawn")
    follow(card.get_by_role("link", name="Give again"))
    page.get_by_label("Lab participants and the lab team").check()
    follow(page.get_by_role("button", name="I agree"))
    expect(page).to_have_url("/accounts/your-data/#your-consents")
    expect(page.locator(".carelab-consent", has_text="Showing your profile card").first).to_contain_text(
        "You agreed to this"
    )
