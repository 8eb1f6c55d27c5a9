"""A ranking and a cascading select in a real browser, with axe-core on every page.

The survey is carelab/lib/tests/xlsforms/odk/cascading_and_times.md: a drop-down region, then towns
filtered by it, a time, a date and time, and a ranking drawn as a position beside each choice.
"""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.lib.survey_definition import definition_to_dict
from carelab.lib.xlsform import read_xlsform
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.test_answering_xlsform_types import FORM

pytestmark = pytest.mark.browser


def save_and_continue(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    axe_check(page)


def test_a_person_picks_a_town_from_their_region_and_ranks_support(page, db):
    survey = SurveyFactory(slug="services", definition=definition_to_dict(read_xlsform(FORM)))
    page.goto(survey.get_absolute_url())
    axe_check(page)
    page.get_by_label(re.compile("I want to take part")).check()
    page.get_by_label(re.compile("I agree that my answers")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    axe_check(page)

    # A condition on the drop-down's answer, on the same page, is shown as soon as it holds.
    expect(page.get_by_label("Which part of the north?")).to_be_hidden()
    page.get_by_label("Which region do you live in?").select_option("north")
    expect(page.get_by_label("Which part of the north?")).to_be_visible()
    save_and_continue(page)

    towns = page.get_by_role("group", name="Which town is nearest?")
    expect(towns.get_by_role("radio")).to_have_count(2)  # Bath is in the south
    towns.get_by_label("York").check()
    times = page.get_by_role("group", name="What time did you wake up today?")
    expect(times.get_by_label("Hour")).to_have_value("07")
    times.get_by_label("Minutes").fill("45")
    ranking = page.get_by_role("group", name="Put these kinds of support in order")
    ranking.get_by_label("Peer support").select_option("1")
    ranking.get_by_label("Physiotherapy").select_option("1")
    ranking.get_by_label("Talking therapy").select_option("2")
    save_and_continue(page)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("a number is used more than once")

    page.locator(".nhsuk-error-summary a").first.click()
    expect(page.get_by_label("Peer support")).to_be_focused()
    ranking = page.get_by_role("group", name="Put these kinds of support in order")
    ranking.get_by_label("Physiotherapy").select_option("3")
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Check your answers"))
    response = SurveyResponse.objects.get()
    assert response.answers["priorities"] == ["peer", "talking", "physio"]
    assert (response.answers["town"], response.answers["woke"]) == ("york", "07:45")
