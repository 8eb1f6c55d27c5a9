"""What the answering pages say about skipping: "(optional)" on the questions that may be skipped
(the NHS.UK question pattern), nothing on those that must be answered, and no promise that a
required question can be skipped. The thank-you page does not offer to carry on with the survey."""

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.surveys.tests.factories import SurveyFactory, lab_survey_definition
from carelab.surveys.tests.test_answering_journey import ABOUT_YOU, EXPERIENCE, section_url, start, url
from carelab.surveys.tests.test_answering_safety import mood


@pytest.fixture
def survey(db):
    return SurveyFactory(slug="launch")


def no_required_questions() -> dict:
    definition = lab_survey_definition()
    for section in definition["sections"]:
        for question in section.get("questions", []):
            question["required"] = False
    return definition


def test_optional_questions_say_so_and_required_ones_are_unmarked(client, survey):
    start(client, survey)
    page = parse(client.get(section_url(survey, 2)))
    assert [text_of(legend) for legend in page.select("legend")] == [
        "Which of these describe you?",  # required
        "Do you live with persistent back or neck pain?",  # required
        "When did you first ask for help with your pain? (optional)",
    ]
    # A drop-down list (appearance "minimal") has a label, not a legend.
    assert text_of(page.select_one("label[for='q-age_band']")) == "How old are you? (optional)"
    assert (
        text_of(page.select_one("label[for='q-pain_years']")) == "For how many years have you had this pain? (optional)"
    )


def test_a_page_with_required_questions_says_only_the_optional_ones_can_be_skipped(client, survey):
    start(client, survey)
    note = text_of(parse(client.get(section_url(survey, 2))).select_one(".carelab-survey-skipping"))
    assert note == "You can skip the questions marked “(optional)”. The others need an answer before you can go on."


def test_a_page_without_required_questions_says_any_can_be_skipped(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    page = parse(client.get(section_url(survey, 3)))
    assert text_of(page.select_one(".carelab-survey-skipping")) == "You can skip any question on this page."


def test_a_validated_instruments_items_are_asked_exactly_as_published(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 3), EXPERIENCE)
    page = parse(client.get(section_url(survey, 4)))
    assert page.select("legend") and not any("(optional)" in text_of(legend) for legend in page.select("legend"))
    assert text_of(page.select_one(".carelab-survey-skipping")) == "You can skip any question on this page."


def test_the_start_page_promises_skipping_only_as_far_as_the_survey_allows(client, db):
    required = SurveyFactory(slug="launch")
    text = text_of(parse(client.get(url(required, "start"))).select_one(".carelab-survey-facts"))
    assert "You can skip any question marked “(optional)”, and leave the survey at any time." in text
    free = SurveyFactory(slug="free", definition=no_required_questions())
    text = text_of(parse(client.get(url(free, "start"))).select_one(".carelab-survey-facts"))
    assert "You can skip any question, and leave the survey at any time." in text


def test_the_thank_you_page_does_not_offer_to_carry_on_with_the_survey(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 3), EXPERIENCE)
    client.post(section_url(survey, 4), mood(3, 3, 3, 3, 3, 3, 2, 0))  # the most severe band: help shown at once
    check = parse(client.get(url(survey, "check")))
    assert "carry on with the survey" in text_of(check.find(id="help-now"))
    client.post(url(survey, "submit"))
    thanks = parse(client.get(url(survey, "confirmation")))
    assert "Samaritans" in text_of(thanks.find(id="help-now"))
    assert "carry on" not in text_of(thanks.select_one("main")).lower()
