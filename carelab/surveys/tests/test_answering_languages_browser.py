"""A respondent switches the survey to Cymraeg and answers it in a real browser, axe on every page.

The survey is carelab/lib/tests/xlsforms/languages_kobo.csv (English, Cymraeg, Polski). With
JavaScript off, as the language links must work without it.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.lib.survey_definition import definition_to_dict
from carelab.lib.xlsform import read_xlsform
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.browser

KOBO = Path(__file__).resolve().parents[2] / "lib" / "tests" / "xlsforms" / "languages_kobo.csv"


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_a_respondent_switches_to_cymraeg_and_answers_in_welsh(new_page, db):
    survey = SurveyFactory(slug="pain", title="Living with pain", definition=definition_to_dict(read_xlsform(KOBO)))
    page = new_page(javascript=False)
    page.goto(survey.get_absolute_url())
    axe_check(page)
    follow(page.get_by_role("navigation", name="Language of the questions").get_by_role("link", name="Cymraeg"))
    expect(page.locator(".carelab-survey-languages [aria-current=true]")).to_have_text("Cymraeg")

    page.get_by_label(re.compile("I want to take part")).check()
    page.get_by_label(re.compile("I agree that my answers")).check()
    follow(page.get_by_role("button", name="Start now"))
    expect(page.locator(".carelab-survey-questions")).to_have_attribute("lang", "cy")
    expect(page.locator(".carelab-survey-questions")).to_contain_text("Diolch am gymryd rhan")
    follow(page.get_by_role("button", name="Save and continue"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Amdanoch chi")
    question = page.get_by_role("group", name="Ydych chi'n byw gyda phoen cefn neu wddf parhaus?")
    question.get_by_label("Ydw", exact=True).check()
    page.get_by_label("Ers faint o flynyddoedd ydych chi wedi cael y boen hon?").fill("4")
    page.get_by_label("Meddyg teulu").check()
    follow(page.get_by_role("button", name="Save and continue"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Eich profiad")
    page.get_by_role("group", name="Pa mor ddrwg yw eich poen heddiw?").get_by_label("3", exact=True).check()
    follow(page.get_by_role("button", name="Save and continue"))

    expect(page.locator(".carelab-survey-answers").first).to_have_attribute("lang", "cy")
    expect(page.locator("main")).to_contain_text("Meddyg teulu")
    follow(page.get_by_role("button", name="Send my answers"))

    response = SurveyResponse.objects.get()
    assert (response.status, response.language) == (SurveyResponse.Status.SUBMITTED, "Cymraeg (cy)")
    assert response.answers["lives_with_pain"] == "yes"


def test_choosing_polski_part_way_through_a_page_keeps_what_was_typed(new_page, db):
    survey = SurveyFactory(slug="pain", title="Living with pain", definition=definition_to_dict(read_xlsform(KOBO)))
    page = new_page(javascript=False)
    page.goto(survey.get_absolute_url())
    axe_check(page)
    page.get_by_label(re.compile("I want to take part")).check()
    page.get_by_label(re.compile("I agree that my answers")).check()
    follow(page.get_by_role("button", name="Start now"))
    follow(page.get_by_role("button", name="Save and continue"))

    page.get_by_label("How many years have you had this pain?").fill("4")
    page.get_by_label("GP", exact=True).check()
    follow(page.get_by_role("navigation", name="Language of the questions").get_by_role("button", name="Polski"))
    expect(page.get_by_role("heading", level=1)).to_have_text("O Tobie")
    expect(page.locator("input[name=pain_years]")).to_have_value("4")
    expect(page.locator("input[name=support][value=gp]")).to_be_checked()
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)

    # Enter in an answer saves the page (the hidden default button), it does not switch language again.
    page.locator("input[name=lives_with_pain][value=yes]").check()
    with page.expect_navigation():
        page.locator("input[name=pain_years]").press("Enter")
    axe_check(page)
    assert page.url.endswith("/section/3/")
    assert SurveyResponse.objects.get().language == "Polski (pl)"
