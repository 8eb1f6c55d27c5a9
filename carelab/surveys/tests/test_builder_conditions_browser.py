"""The lab team makes a condition from lists, without typing an expression, with JavaScript on and off,
and the preview then shows or hides the question by the answer. axe checks every page."""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.surveys.models import Survey
from carelab.surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.browser

SURVEY = "/labs/the-lab/surveys/team/launch/"
NEW_QUESTION = "What helps you sleep?"


def follow_and_check(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def preview_experience_page(page, lives_with_pain: str):
    """Start the preview afresh and answer the first pages, up to "Your experience"."""
    page.goto(SURVEY + "preview/")
    axe_check(page)
    follow_and_check(page.get_by_role("button", name="Start the preview"))
    follow_and_check(page.get_by_role("button", name="Save and continue"))  # the welcome page
    page.get_by_role("group", name="Do you live with persistent back or neck pain?").get_by_label(
        lives_with_pain, exact=True
    ).check()
    page.get_by_label("I live with a mental health problem and persistent pain").check()
    follow_and_check(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your experience")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_team_shows_a_question_only_to_people_without_pain_without_typing_an_expression(
    new_page, sign_in_browser, cast, javascript
):
    survey = SurveyFactory(lab=cast.lab, slug="launch", draft=True)
    page = new_page(javascript=javascript)
    sign_in_browser(page, cast.team)
    page.goto(SURVEY + "sections/2/")
    axe_check(page)
    follow_and_check(page.get_by_role("button", name="Add a question"))
    page.get_by_label("Short text", exact=True).check()
    follow_and_check(page.get_by_role("button", name="Continue"))

    page.get_by_label("Question", exact=True).fill(NEW_QUESTION)
    page.get_by_label("Name", exact=True).fill("sleep_help")
    page.get_by_label("Question it depends on").select_option(label="Do you live with persistent back or neck pain?")
    step = page.get_by_role("button", name="Show the answers to choose from")
    if javascript:
        expect(step).to_be_hidden()  # the answers come in place
    else:
        follow_and_check(step)
        expect(page.get_by_label("Name", exact=True)).to_have_value("sleep_help")  # nothing typed is lost
        expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    page.get_by_label("Show it when the answer").select_option("is")
    answers = page.get_by_role("group", name=re.compile("Answers of"))
    answers.get_by_label("No", exact=True).check()
    if javascript:
        axe_check(page)  # the page as the script left it
    follow_and_check(page.get_by_role("button", name="Save question"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Question added")
    expect(page.locator("#question-sleep_help")).to_contain_text("shown when ${lives_with_pain} = 'no'")

    survey.refresh_from_db()
    assert survey.working_definition().question("sleep_help").relevant == "${lives_with_pain} = 'no'"

    # The expression is there, folded away, for anyone who wants to change it by hand.
    follow_and_check(page.get_by_role("link", name=f"Edit {NEW_QUESTION}"))
    expression = page.get_by_label("Show this question only when this expression is true")
    expect(expression).to_be_hidden()
    page.get_by_text("Condition as an expression").click()
    expect(expression).to_have_value("${lives_with_pain} = 'no'")
    expect(page.get_by_label("Question it depends on")).to_have_value("lives_with_pain")
    # Enter in a text box saves, as on any form, rather than taking the lists' next step.
    with page.expect_navigation():
        page.get_by_label("Name", exact=True).press("Enter")
    axe_check(page)
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Question saved")

    preview_experience_page(page, "Yes")
    expect(page.get_by_text(NEW_QUESTION)).to_have_count(0)
    preview_experience_page(page, "No")
    expect(page.get_by_label(NEW_QUESTION)).to_be_visible()
    assert Survey.objects.get(pk=survey.pk).responses.count() == 0
