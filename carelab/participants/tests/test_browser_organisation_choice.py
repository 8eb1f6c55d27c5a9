"""Naming one's organisation in a real browser, with JavaScript off, axe on every page.

Someone applies choosing their organisation from the lab's list and signs in on the way; the
choice is there to check and is sent. A participant puts their organisation on their public card,
and a visitor follows the card's link to the organisation's page, which lists them.
"""

import re

import pytest
from playwright.sync_api import expect

from carelab.accounts.tests.factories import PASSWORD
from carelab.browser_fixtures import axe_check
from carelab.organisations.tests.factories import OrganisationFactory
from carelab.participants.models import Application, ProfileCard
from carelab.participants.tests.factories import ProfileCardFactory

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_an_applicant_chooses_their_organisation_and_a_visitor_follows_a_card_to_its_page(
    new_page, sign_in_browser, cast
):
    mersey = OrganisationFactory(lab=cast.lab, name="Mersey Moves Together")
    OrganisationFactory(lab=cast.lab, name="Calder Valley Collective")

    # Applying: choose from the list, continue, sign in, check, send.
    applicant = new_page(javascript=False)
    applicant.goto(f"/labs/{cast.lab.slug}/participants/apply/")
    axe_check(applicant)
    applicant.get_by_label("I have lived experience of the problems this lab is about").check()
    applicant.get_by_label("Organisation (optional)").select_option(label="Mersey Moves Together")
    applicant.get_by_label("Where are you?").select_option(label="North West")
    applicant.get_by_label(re.compile("I agree that the lab team can use what I write")).check()
    follow(applicant.get_by_role("button", name="Continue"))
    follow(applicant.get_by_role("link", name="Sign in to send your application"))
    applicant.get_by_label("Email address").fill(cast.member.email)
    applicant.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(applicant.get_by_role("button", name="Sign in"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Check your application before you send it")
    expect(applicant.locator("#answers")).to_contain_text("Mersey Moves Together")
    follow(applicant.get_by_role("button", name="Send my application"))
    expect(applicant.locator("#application-status")).to_have_text("Waiting for the lab team")
    assert Application.objects.get(applicant=cast.member).organisation == mersey

    # A participant names the organisation on their card and shows the card to everyone.
    ProfileCardFactory(lab=cast.lab, user=cast.participant, display_name="Pat", visibility="team")
    participant = new_page(javascript=False)
    sign_in_browser(participant, cast.participant)
    participant.goto(f"/labs/{cast.lab.slug}/participants/card/")
    axe_check(participant)
    participant.get_by_label("Your organisation (optional)").select_option(label="Mersey Moves Together")
    participant.get_by_label("Anyone, including people who are not signed in").check()
    follow(participant.get_by_role("button", name="Save my card"))
    assert ProfileCard.objects.get(user=cast.participant).organisation == mersey

    # A visitor finds the card, and from it the organisation's page, which lists Pat.
    visitor = new_page(javascript=False)
    visitor.goto(f"/labs/{cast.lab.slug}/participants/")
    axe_check(visitor)
    follow(visitor.locator("#cards").get_by_role("link", name="Mersey Moves Together"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Mersey Moves Together")
    expect(visitor.locator("#participants li")).to_have_text([re.compile(r"^Pat, lived experience")])
