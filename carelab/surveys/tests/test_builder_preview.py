"""The lab team's preview: the working questions' pages as people see them, answered, never stored.

The survey is carelab/lib/tests/xlsforms/lab_survey.md: page 1 a welcome note, 2 "About you",
3 "Your experience" (with a calculation), 4 PHQ-8, shown only to people who live with pain.
"""

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.lib.survey_definition import Question
from carelab.surveys.actions import builder
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

PREVIEW = "/labs/the-lab/surveys/team/launch/preview/"
ABOUT_YOU = {"roles": ["carer"], "lives_with_pain": "yes", "pain_years": "4", "age_band": "35_54"}
EXPERIENCE = {"pain_today": "6", "what_helped": "A walking group.", "sleep_hours": "6.5"}


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


@pytest.fixture
def survey(cast):
    return SurveyFactory(lab=cast.lab, slug="launch", title="Share your experience")


def summary_errors(response) -> list[str]:
    return [text_of(item) for item in parse(response).select(".nhsuk-error-summary__list li")]


def kept_answers(response) -> dict[str, str]:
    rows = parse(response).select("#preview-answers .nhsuk-summary-list__row")
    return {text_of(row.select_one("dt")): text_of(row.select_one("dd")) for row in rows}


def test_the_overview_links_to_the_preview_even_before_publishing(cast, team):
    SurveyFactory(lab=cast.lab, slug="launch", draft=True, published=False)
    page = parse(team.get("/labs/the-lab/surveys/team/launch/"))
    assert text_of(page.select_one(f"a[href='{PREVIEW}']")) == "Preview"
    intro = parse(team.get(PREVIEW))
    assert text_of(intro.h1) == "Preview the survey"
    assert "never saved as a response" in text_of(intro.select_one("main"))
    response = team.post(PREVIEW)
    assert response.url == f"{PREVIEW}1/"
    assert team.get(f"{PREVIEW}2/").status_code == 200


def test_a_preview_page_is_the_page_people_see_with_the_unpublished_wording(survey, team):
    question = survey.working_definition().question("pain_years")
    builder.update_question(survey, "pain_years", Question(**{**question.__dict__, "label": "Years of pain?"}))
    page = parse(team.get(f"{PREVIEW}2/"))
    assert text_of(page.h1) == "About you"
    assert "Section 2 of 4" in text_of(page.select_one(".nhsuk-caption-l"))
    assert "Answers are kept only in this browser" in text_of(page.select_one("#preview-note"))
    assert text_of(page.select_one("label[for='q-pain_years']")) == "Years of pain? (optional)"
    assert page.select_one("form[method=post] button").get_text(strip=True) == "Save and continue"
    assert page.title.string.startswith("Preview: About you")


def test_answering_the_preview_follows_the_surveys_rules_and_stores_nothing(survey, team):
    assert team.post(PREVIEW).url == f"{PREVIEW}1/"
    assert team.post(f"{PREVIEW}1/", {}).url == f"{PREVIEW}2/"

    # A validation rule, with the answers kept on the page.
    response = team.post(f"{PREVIEW}2/", {**ABOUT_YOU, "pain_years": "200"})
    assert response.status_code == 200
    assert summary_errors(response) == ["Enter a number of years from 0 to 90"]
    assert parse(response).select_one("#q-pain_years")["value"] == "200"
    assert parse(response).title.string.startswith("Error: Preview:")

    assert team.post(f"{PREVIEW}2/", ABOUT_YOU).url == f"{PREVIEW}3/"
    assert team.post(f"{PREVIEW}3/", EXPERIENCE).url == f"{PREVIEW}4/"
    assert team.post(f"{PREVIEW}4/", {"phq_1": "1"}).url == f"{PREVIEW}end/"

    end = team.get(f"{PREVIEW}end/")
    answers = kept_answers(end)
    assert answers["lives_with_pain"] == "yes"
    assert answers["pain_years"] == "4"
    assert answers["long_term_pain"] == "yes"  # the calculation, worked out
    assert answers["sleep_hours"] == "6.5"
    assert answers["roles"] == "carer"
    assert answers["phq_1"] == "1"
    assert not SurveyResponse.objects.exists()


def test_conditions_hide_questions_and_skip_pages_in_the_preview(survey, team):
    team.post(PREVIEW)
    team.post(f"{PREVIEW}2/", {**ABOUT_YOU, "lives_with_pain": "no"})
    page = parse(team.get(f"{PREVIEW}3/"))
    assert page.select_one("[name=pain_today]") is None
    # "How you have been feeling" is only for people who live with pain: the preview ends after page 3.
    assert team.post(f"{PREVIEW}3/", EXPERIENCE).url == f"{PREVIEW}end/"
    assert team.get(f"{PREVIEW}4/").url == f"{PREVIEW}end/"
    answers = kept_answers(team.get(f"{PREVIEW}end/"))
    assert "pain_years" not in answers and "pain_today" not in answers
    assert answers["lives_with_pain"] == "no"


def test_starting_the_preview_again_forgets_the_answers(survey, team):
    team.post(PREVIEW)
    team.post(f"{PREVIEW}2/", ABOUT_YOU)
    assert parse(team.get(f"{PREVIEW}2/")).select_one("#q-pain_years")["value"] == "4"
    team.post(PREVIEW)
    assert parse(team.get(f"{PREVIEW}2/")).select_one("#q-pain_years").get("value", "") == ""
    assert kept_answers(team.get(f"{PREVIEW}end/")) == {"long_term_pain": "no"}  # worked out from nothing


def test_previewing_does_not_stop_an_unanswered_version_being_updated(cast, survey, team):
    team.post(PREVIEW)
    team.post(f"{PREVIEW}2/", ABOUT_YOU)
    question = survey.working_definition().question("pain_years")
    builder.update_question(survey, "pain_years", Question(**{**question.__dict__, "label": "Years of pain?"}))
    result = builder.publish(survey, by=cast.team)
    assert (result.version.number, result.new_version) == (1, False)


def test_a_preview_page_that_does_not_exist_is_not_found(survey, team):
    assert team.get(f"{PREVIEW}9/").status_code == 404
    assert team.get(f"{PREVIEW}0/").status_code == 404


def test_each_survey_has_its_own_preview_answers(cast, survey, team):
    SurveyFactory(lab=cast.lab, slug="other")
    team.post(PREVIEW)
    team.post(f"{PREVIEW}2/", ABOUT_YOU)
    other = "/labs/the-lab/surveys/team/other/preview/"
    assert parse(team.get(f"{other}2/")).select_one("#q-pain_years").get("value", "") == ""
