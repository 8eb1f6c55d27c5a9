"""Moving a question to another section and reordering sections in a real browser, JavaScript off (decision 0044)."""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.browser

SURVEY = "/labs/the-lab/surveys/team/launch/"


def follow_and_check(locator):
    """Click, wait until the page it leads to has loaded, and check it with axe."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_the_team_moves_a_question_to_another_section_and_a_section_up(new_page, sign_in_browser, cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    page = new_page(javascript=False)
    sign_in_browser(page, cast.team)
    page.goto(f"{SURVEY}sections/1/")
    axe_check(page)

    follow_and_check(page.get_by_role("link", name=re.compile(r"^Move to another section\s+Do you live with")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Move a question to another section")
    # Others depend on this answer, so it cannot go after them.
    page.get_by_label("3. Your experience").check()
    follow_and_check(page.get_by_role("button", name="Move question"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Question 'pain_years' is shown only depending")
    expect(page.get_by_label("3. Your experience")).to_be_checked()

    page.goto(f"{SURVEY}questions/age_band/section/")
    axe_check(page)
    page.get_by_label("3. Your experience").check()
    follow_and_check(page.get_by_role("button", name="Move question"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Question moved to the end of section")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit section: Your experience")
    expect(page.locator("#section-questions > li").last).to_have_id("question-age_band")

    page.goto(SURVEY)
    axe_check(page)
    follow_and_check(page.get_by_role("button", name="Move up: the section About you"))
    expect(page.locator(".carelab-survey-section h3").first).to_have_text("1. About you")
    survey.refresh_from_db()
    assert [section.name for section in survey.working_definition().sections] == ["about_you", "", "experience", "mood"]
