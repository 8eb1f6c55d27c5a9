"""Changing your mind in a real browser, JavaScript off (decision 0044), axe on every page: a person sends
answers without an account, then in another browser withdraws quoting and contact, and deletes them."""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check, take_console_errors
from carelab.surveys.models import ContactDetail, ResponseAudit, SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, and wait until the page it leads to has loaded; then check it."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_a_person_withdraws_quoting_and_contact_then_deletes_their_answers(new_page, db):
    survey = SurveyFactory(slug="launch", title="Share your experience")
    first = new_page(javascript=False)
    first.goto(survey.get_absolute_url())
    axe_check(first)
    first.get_by_label(re.compile("I want to take part")).check()
    first.get_by_label(re.compile("I agree that my answers")).check()
    first.get_by_label(re.compile("may quote my words")).check()
    first.get_by_label(re.compile("may contact me")).check()
    first.get_by_label("Your e-mail address").fill("me@example.org")
    follow(first.get_by_role("button", name="Start now"))
    first.goto(survey.get_absolute_url().rstrip("/") + "/check/")
    axe_check(first)
    follow(first.get_by_role("button", name="Send my answers"))
    expect(first.get_by_role("heading", level=1)).to_contain_text("your answers have been sent")
    reference = first.locator("#response-reference").inner_text()
    code = first.locator("#change-code").inner_text()
    first.context.close()

    # Another day, another browser: the reference and the private code, with a slip first.
    page = new_page(javascript=False)
    page.goto("/survey-answers/find/")
    axe_check(page)
    page.get_by_label("Your reference").fill(reference)
    page.get_by_label("Your private code").fill("ABCD-ABCD-ABCD-ABCD")
    follow(page.get_by_role("button", name="Continue"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("could not find answers with that reference")
    expect(page.get_by_label("Your reference")).to_have_value(reference)
    # The refused form answers 400 Bad Request, which the browser logs.
    assert [error for error in take_console_errors(page) if "400" not in error] == []
    page.get_by_label("Your private code").fill(code.lower())
    follow(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers to Share your experience")
    expect(page.get_by_role("main")).to_contain_text("me@example.org")

    follow(page.locator("#consent-quote").get_by_role("link", name="Withdraw this agreement"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop the lab quoting your words")
    follow(page.get_by_role("button", name="Withdraw agreement to be quoted"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("You have withdrawn this agreement")
    expect(page.locator("#consent-quote")).to_contain_text("Withdrawn")

    follow(page.locator("#consent-contact").get_by_role("link", name="Withdraw this agreement"))
    follow(page.get_by_role("button", name="Withdraw and delete my e-mail address"))
    expect(page.locator("#consent-contact")).to_contain_text("Withdrawn")
    expect(page.get_by_role("main")).not_to_contain_text("me@example.org")
    response = SurveyResponse.objects.get(reference=reference)
    assert not response.has_consent("quote") and not response.has_consent("contact")
    assert not ContactDetail.objects.exists()

    follow(page.locator("#delete-answers"))
    expect(page.locator("#what-we-delete")).to_contain_text("every answer you gave")
    expect(page.locator("#what-we-keep")).to_contain_text("without any of your answers")
    follow(page.get_by_role("button", name="Yes, delete my answers"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been deleted")
    expect(page.locator("#deleted-reference")).to_contain_text(reference)
    assert not SurveyResponse.objects.filter(reference=reference).exists()
    assert sorted(ResponseAudit.objects.values_list("action", flat=True)) == [
        "contact_withdrawn",
        "deleted",
        "quote_withdrawn",
    ]


def test_a_signed_in_person_withdraws_use_of_their_answers_and_the_team_removes_another(
    new_page, sign_in_browser, cast
):
    from carelab.surveys.tests.test_changing_your_mind import sent

    survey = SurveyFactory(lab=cast.lab, slug="launch", title="Share your experience")
    mine, _ = sent(survey, user=cast.member, helped="Swimming")
    theirs, _ = sent(survey, helped="Please take this out")

    page = new_page(javascript=False)
    sign_in_browser(page, cast.member)
    page.goto("/accounts/profile/")
    axe_check(page)
    follow(page.locator("#your-survey-answers-profile").get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your survey answers")
    follow(page.locator("#your-survey-answers").get_by_role("link", name="Share your experience"))
    follow(page.locator("#consent-health_data").get_by_role("link", name="Withdraw this agreement"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop the lab using your answers")
    follow(page.get_by_role("button", name="Withdraw and delete my answers"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been deleted")
    follow(page.get_by_role("link", name="Back to your survey answers"))
    expect(page.get_by_role("main")).to_contain_text("You have no sent survey answers linked to your account")
    assert not SurveyResponse.objects.filter(pk=mine.pk).exists()

    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)
    team.goto(f"/labs/{cast.lab.slug}/surveys/team/{survey.slug}/results/text/what_helped/")
    axe_check(team)
    follow(team.get_by_role("link", name=f"Remove response {theirs.reference}"))
    follow(team.get_by_role("button", name="Remove this response"))
    expect(team.locator(".nhsuk-error-summary")).to_contain_text("Enter why you are removing this response")
    take_console_errors(team)  # the refused form answers 400
    team.get_by_label("Why are you removing this response?").fill("They asked by phone")
    follow(team.get_by_role("button", name="Remove this response"))
    expect(team.locator("#audit")).to_contain_text("They asked by phone")
    expect(team.locator("#audit")).to_contain_text(mine.reference)
    assert not SurveyResponse.objects.exists()
