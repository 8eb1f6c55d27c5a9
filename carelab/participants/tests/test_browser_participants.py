"""Becoming a participant in a real browser, with JavaScript off (decision 0044), axe on every page.

A new person applies, creating an account on the way; the lab team accepts; the person appears
in the directory to the people their card's visibility allows, and a waiting or declined
applicant does not.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from carelab.accounts.tests.factories import PASSWORD
from carelab.browser_fixtures import axe_check
from carelab.participants.models import Application, ProfileCard
from carelab.participants.tests.factories import ApplicationFactory

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def fill_in_the_application(page):
    page.get_by_label("I have lived experience of the problems this lab is about").check()
    page.get_by_label("Organisation (optional)").fill("Riverside Mind")
    page.get_by_label("Where are you?").select_option(label="Yorkshire and the Humber")
    page.get_by_role("group", name=re.compile("Which of the lab's topics")).get_by_label("Sleep").check()
    page.get_by_label(re.compile("Is there anything we can do")).fill("Step-free access, please")
    page.get_by_label("Lab participants and the lab team").check()
    page.get_by_label(re.compile("I agree that the lab team can use what I write")).check()


def card_names(page):
    return page.locator("#cards h3")


def test_a_new_person_applies_creating_an_account_is_accepted_and_appears_as_they_chose(
    new_page, sign_in_browser, cast, topics
):
    ApplicationFactory(lab=cast.lab, applicant__display_name="Wendy Waiting", card_visibility="public")
    ApplicationFactory(
        lab=cast.lab, applicant__display_name="Dee Declined", card_visibility="public", status="declined"
    )
    applicant = new_page(javascript=False)

    # From the lab's home page to the application; a mistake first, explained.
    applicant.goto(cast.lab.get_absolute_url())
    axe_check(applicant)
    follow(applicant.get_by_role("link", name="Become a lab participant"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Become a lab participant")
    follow(applicant.get_by_role("button", name="Continue"))
    expect(applicant.locator(".nhsuk-error-summary")).to_contain_text("Choose the region you live or work in")
    fill_in_the_application(applicant)
    follow(applicant.get_by_role("button", name="Continue"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text(
        "Sign in or create an account to send your application"
    )

    # A new account, with the address confirmed in the same browser.
    follow(applicant.get_by_role("button", name="Create an account"))
    applicant.get_by_label("Email address").fill("robin@example.org")
    applicant.get_by_label("Display name").fill("Robin")
    applicant.get_by_label("Create a password").fill(PASSWORD)
    applicant.get_by_label("Type your password again").fill(PASSWORD)
    follow(applicant.get_by_role("button", name="Create account"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Check your email")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    applicant.goto(link)
    axe_check(applicant)
    follow(applicant.get_by_role("button", name="Confirm"))

    # Everything typed before signing up is there to check, then sent.
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Check your application before you send it")
    main = applicant.get_by_role("main")
    for typed in ["Riverside Mind", "Yorkshire and the Humber", "Sleep", "Step-free access, please"]:
        expect(main).to_contain_text(typed)
    follow(applicant.get_by_role("button", name="Send my application"))
    expect(applicant.locator("#application-status")).to_have_text("Waiting for the lab team")

    # The lab team accepts, from the dashboard.
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)
    team.goto(f"/labs/{cast.lab.slug}/team/")
    axe_check(team)
    follow(team.get_by_role("link", name="Applications to join"))
    follow(team.get_by_role("link", name="Robin"))
    expect(team.get_by_role("main")).to_contain_text("Step-free access, please")
    follow(team.get_by_role("link", name="Accept this application", exact=True))
    expect(team.get_by_label("Message to the applicant")).to_have_value(re.compile(r"^Dear Robin,"))
    follow(team.get_by_role("button", name="Accept and send message"))
    expect(team.locator(".nhsuk-notification-banner")).to_contain_text("Robin is now a participant of the lab")
    assert Application.objects.get(applicant__email="robin@example.org").status == "accepted"
    assert mail.outbox[-1].subject == "CareLab: Welcome to The lab"

    # Participants see Robin's card; people outside the lab do not, nor anyone waiting or declined.
    participant = new_page(javascript=False)
    sign_in_browser(participant, cast.participant)
    participant.goto(f"/labs/{cast.lab.slug}/participants/")
    axe_check(participant)
    expect(card_names(participant)).to_have_text(["Robin"])
    visitor = new_page(javascript=False)
    visitor.goto(f"/labs/{cast.lab.slug}/participants/")
    axe_check(visitor)
    expect(card_names(visitor)).to_have_count(0)
    team.goto(f"/labs/{cast.lab.slug}/participants/")
    axe_check(team)
    expect(card_names(team)).to_have_text(["Robin"])

    # Robin makes the card public; now the visitor sees it too.
    applicant.reload()
    axe_check(applicant)
    expect(applicant.locator("#application-status")).to_have_text("Accepted")
    follow(applicant.get_by_role("link", name="Your profile card", exact=True))
    applicant.get_by_label("Ask me about (optional)").fill("Sleep diaries")
    applicant.get_by_label("Anyone, including people who are not signed in").check()
    follow(applicant.get_by_role("button", name="Save my card"))
    expect(applicant.locator(".nhsuk-notification-banner")).to_contain_text("Your profile card has been saved")
    assert ProfileCard.objects.get(user__email="robin@example.org").visibility == "public"
    visitor.reload()
    axe_check(visitor)
    expect(card_names(visitor)).to_have_text(["Robin"])
    expect(visitor.locator("#cards")).to_contain_text("Sleep diaries")


def test_someone_with_an_account_signs_in_while_applying_and_keeps_their_answers(page_without_js, cast, topics):
    page = page_without_js
    page.goto(cast.lab.get_absolute_url())
    axe_check(page)
    follow(page.get_by_role("link", name="Become a lab participant"))
    fill_in_the_application(page)
    follow(page.get_by_role("button", name="Continue"))
    follow(page.get_by_role("link", name="Sign in to send your application"))
    page.get_by_label("Email address").fill(cast.member.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your application before you send it")
    expect(page.get_by_role("main")).to_contain_text("Riverside Mind")
    # Changing an answer goes back to the form with everything kept.
    follow(page.get_by_role("link", name="Change Organisation"))
    expect(page.get_by_label("Organisation (optional)")).to_have_value("Riverside Mind")
    page.get_by_label("Organisation (optional)").fill("Hillside Mind")
    follow(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("main")).to_contain_text("Hillside Mind")
    follow(page.get_by_role("button", name="Send my application"))
    expect(page.locator("#application-status")).to_have_text("Waiting for the lab team")
    assert Application.objects.get(applicant=cast.member).organisation_name == "Hillside Mind"
