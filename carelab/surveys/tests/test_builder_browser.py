"""The lab team's survey builder in a real browser, with JavaScript on and off, axe on every page.

The team lists its surveys, creates one, adds and edits a question of every kind, adds a validated
instrument, imports an XLSForm, sets the opening and closing dates, and previews the survey.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.lib.survey_definition import QuestionKind
from carelab.lib.xlsform import read_xlsform
from carelab.surveys.forms_builder import KIND_LABELS
from carelab.surveys.models import Survey
from carelab.surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
FORMS = Path(__file__).resolve().parents[2] / "lib" / "tests" / "xlsforms"
SURVEYS = "/labs/the-lab/surveys/team/"


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def follow_and_check(locator):
    follow(locator)
    axe_check(locator.page)


def error_summary(page):
    return page.locator(".nhsuk-error-summary")


def choose_file(page, path):
    # With JavaScript, the NHS.UK file upload puts a drop zone, labelled as the field, over the input.
    page.locator("input[type=file][name=file]").set_input_files(path)


def team_page(new_page, sign_in_browser, cast, javascript=True):
    page = new_page(javascript=javascript)
    sign_in_browser(page, cast.team)
    return page


@JAVASCRIPT
def test_the_team_creates_a_survey_adds_a_question_fixes_a_mistake_and_edits_it(
    new_page, sign_in_browser, cast, javascript
):
    SurveyFactory(lab=cast.lab, title="Launch survey")
    page = team_page(new_page, sign_in_browser, cast, javascript)
    page.goto(SURVEYS)
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
    expect(page.locator("#team-surveys tbody tr")).to_have_count(1)

    follow_and_check(page.get_by_role("button", name="Create a survey"))
    follow_and_check(page.get_by_role("button", name="Create survey"))
    expect(error_summary(page)).to_contain_text("Enter a title")
    expect(page).to_have_title(re.compile("^Error: "))
    page.get_by_label("Survey title").fill("Sleep and pain")
    follow_and_check(page.get_by_role("button", name="Create survey"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Survey created")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit section")

    follow_and_check(page.get_by_role("button", name="Add a question"))
    page.get_by_label(KIND_LABELS[QuestionKind.SINGLE_CHOICE]).check()
    follow_and_check(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a question")

    # A mistake: no choices and a condition naming no question. What was typed is kept.
    page.get_by_label("Question", exact=True).fill("Does pain keep you awake?")
    page.get_by_label("Name", exact=True).fill("pain_wakes")
    page.get_by_text("Condition as an expression").click()  # the first question has no earlier one to choose
    page.get_by_label("Show this question only when this expression is true").fill("${nobody} = 'yes'")
    follow_and_check(page.get_by_role("button", name="Save question"))
    expect(error_summary(page)).to_contain_text("Enter at least one choice")
    expect(error_summary(page)).to_contain_text("The condition is not valid")
    expect(page.get_by_label("Question", exact=True)).to_have_value("Does pain keep you awake?")
    page.get_by_label("Choices").fill("yes|Yes\nno|No")
    page.get_by_label("Show this question only when this expression is true").fill("")  # open: it has an error
    follow_and_check(page.get_by_role("button", name="Save question"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Question added.")
    expect(page.locator("#section-questions")).to_contain_text("Does pain keep you awake?")

    # Edit it, from the section page.
    follow_and_check(page.get_by_role("link", name="Edit Does pain keep you awake?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit question")
    expect(page.get_by_label("Choices")).to_have_value("yes|Yes\nno|No")
    page.get_by_label("Question", exact=True).fill("Does pain wake you at night?")
    follow_and_check(page.get_by_role("button", name="Save question"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Question saved.")

    follow_and_check(page.get_by_role("link", name="Back to the survey"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sleep and pain")
    expect(page.locator(".carelab-survey-section").first).to_contain_text("Does pain wake you at night?")
    follow_and_check(page.get_by_role("link", name="Back to surveys"))
    expect(page.locator("#team-surveys tbody tr")).to_have_count(2)


# What to type for each kind, beyond the question and its name.
KIND_FIELDS = {
    QuestionKind.SHORT_TEXT: {"Hint (optional)": "A few words is fine."},
    QuestionKind.LONG_TEXT: {},
    QuestionKind.SINGLE_CHOICE: {"Choices": "yes|Yes\nno|No"},
    QuestionKind.MULTIPLE_CHOICE: {"Choices": "Walking\nSwimming\nYoga"},
    QuestionKind.WHOLE_NUMBER: {
        "Lowest answer allowed (optional)": "0",
        "Highest answer allowed (optional)": "90",
        "Message when the answer does not meet the rule": "Enter a number from 0 to 90",
    },
    QuestionKind.DECIMAL: {},
    QuestionKind.DATE: {},
    QuestionKind.SCALE: {"Words at the lowest end (optional)": "None", "Words at the highest end (optional)": "Worst"},
    QuestionKind.GRID: {
        "Choices": "agree|Agree\ndisagree|Disagree",
        "Statements": "Staff listened to me\nI knew where to go",
    },
    QuestionKind.INFORMATION: {},
    QuestionKind.CALCULATE: {"Calculation": "if(${q_whole_number} >= 3, 'yes', 'no')"},
    QuestionKind.TIME: {},
    QuestionKind.DATETIME: {},
    QuestionKind.RANK: {"Choices": "sleep|Sleeping well\nmoving|Moving without pain"},
}


def test_the_team_adds_and_edits_a_question_of_every_kind(page, sign_in_browser, cast):
    assert set(KIND_FIELDS) == set(QuestionKind)
    survey = SurveyFactory(lab=cast.lab, draft=True, published=False, title="Every kind")
    sign_in_browser(page, cast.team)
    section_url = f"{SURVEYS}{survey.slug}/sections/1/"
    page.goto(section_url)
    axe_check(page)

    for number, (kind, fields) in enumerate(KIND_FIELDS.items()):
        if number == 0:
            follow_and_check(page.get_by_role("button", name="Add a question"))
            page.get_by_label(KIND_LABELS[kind], exact=True).check()
            follow_and_check(page.get_by_role("button", name="Continue"))
            kind_form, first_kind = page.url, kind
        else:
            # The choice of kind is a GET form: the same page each time, so it is gone through once,
            # and the form for each further kind opened at the address that choice leads to.
            page.goto(kind_form.replace(f"kind={first_kind.value}", f"kind={kind.value}"))
            axe_check(page)
        expect(page.locator(".nhsuk-summary-list")).to_contain_text(KIND_LABELS[kind])
        label = f"The {kind.value.replace('_', ' ')} question"
        page.get_by_label("Question", exact=True).fill(label)
        page.get_by_label("Name", exact=True).fill(f"q_{kind.value}")
        if kind.is_answered:
            page.get_by_label("People must answer this question").check()
        for field, value in fields.items():
            page.get_by_label(field, exact=True).fill(value)
        follow_and_check(page.get_by_role("button", name="Save question"))
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Question added.")

    definition = Survey.objects.get(pk=survey.pk).working_definition()
    added = [q for q in definition.sections[1].questions if q.name.startswith("q_")]
    assert [q.kind for q in added] == list(KIND_FIELDS)
    grid = next(q for q in added if q.kind is QuestionKind.GRID)
    assert [s.label for s in grid.statements] == ["Staff listened to me", "I knew where to go"]
    assert next(q for q in added if q.kind is QuestionKind.WHOLE_NUMBER).constraint == ". >= 0 and . <= 90"

    # The edit form shows what was saved and saves again unchanged (every kind's round trip is in
    # test_builder_pages, through its form; here the kinds with the most fields, to keep the browser run short).
    for kind in (QuestionKind.GRID, QuestionKind.SINGLE_CHOICE, QuestionKind.SCALE):
        page.goto(f"{SURVEYS}{survey.slug}/questions/q_{kind.value}/")
        axe_check(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit question")
        expect(page.get_by_label("Name", exact=True)).to_have_value(f"q_{kind.value}")
        follow_and_check(page.get_by_role("button", name="Save question"))
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Question saved.")
    assert Survey.objects.get(pk=survey.pk).working_definition() == definition


def test_the_team_adds_a_validated_instrument_as_a_locked_section(new_page, sign_in_browser, cast):
    survey = SurveyFactory(lab=cast.lab, draft=True, title="Mood")
    page = team_page(new_page, sign_in_browser, cast, javascript=False)
    page.goto(f"{SURVEYS}{survey.slug}/")
    axe_check(page)
    follow_and_check(page.get_by_role("link", name=re.compile("Add a validated instrument")))
    follow_and_check(page.get_by_role("button", name="Add instrument"))
    expect(error_summary(page)).to_contain_text("Select an instrument")
    page.get_by_label(re.compile("GAD-7")).check()
    follow_and_check(page.get_by_role("button", name="Add instrument"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Its questions cannot be changed")
    expect(page.locator("#instrument-items li")).to_have_count(7)
    expect(page.get_by_role("button", name="Add a question")).to_have_count(0)
    follow_and_check(page.get_by_role("link", name="Back to the survey"))
    expect(page.get_by_role("main")).to_contain_text("Its questions and answers cannot be changed.")


def test_the_team_imports_an_xlsform_and_sees_each_problem_by_row_and_column(new_page, sign_in_browser, cast):
    page = team_page(new_page, sign_in_browser, cast, javascript=False)
    page.goto(SURVEYS)
    axe_check(page)
    follow_and_check(page.get_by_role("button", name="Import an XLSForm"))
    follow_and_check(page.get_by_role("button", name="Import survey"))
    expect(error_summary(page)).to_contain_text("Select an XLSForm file")

    choose_file(page, FORMS / "unsupported.md")
    follow_and_check(page.get_by_role("button", name="Import survey"))
    expect(error_summary(page)).to_contain_text("Nothing was imported.")
    expect(error_summary(page)).to_contain_text(re.compile(r"Row \d+, column 'type'"))
    assert not Survey.objects.exists()

    choose_file(page, FORMS / "lab_survey.md")
    follow_and_check(page.get_by_role("button", name="Import survey"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Survey imported as a draft")
    expect(page.get_by_role("heading", level=1)).to_have_text("Living with pain: launch survey")
    expect(page.locator(".carelab-survey-section")).to_have_count(4)

    # The download button gives back an XLSForm that reads as the same survey.
    with page.expect_download() as event:
        page.get_by_role("button", name="Download XLSForm").click()
    assert event.value.suggested_filename.endswith(".xlsx")
    assert read_xlsform(event.value.path().read_bytes(), "survey.xlsx") == Survey.objects.get().working_definition()


def test_the_team_sets_the_opening_and_closing_dates(new_page, sign_in_browser, cast):
    survey = SurveyFactory(lab=cast.lab, draft=True, title="Dates")
    page = team_page(new_page, sign_in_browser, cast, javascript=False)
    page.goto(f"{SURVEYS}{survey.slug}/")
    axe_check(page)
    follow_and_check(page.get_by_role("button", name="Settings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Survey settings")

    page.get_by_label("Opens (optional)").fill("2026-09-01T09:00")
    page.get_by_label("Closes (optional)").fill("2026-08-01T17:00")
    follow_and_check(page.get_by_role("button", name="Save settings"))
    expect(error_summary(page)).to_contain_text("The closing date must be after the opening date")
    expect(page.get_by_label("Opens (optional)")).to_have_value("2026-09-01T09:00")

    page.get_by_label("Closes (optional)").fill("2026-09-30T17:00")
    follow_and_check(page.get_by_role("button", name="Save settings"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Settings saved.")
    rows = page.locator("#survey-overview .nhsuk-summary-list__row")
    expect(rows.filter(has_text="Opens")).to_contain_text("1 September 2026 at 9:00am")
    expect(rows.filter(has_text="Closes")).to_contain_text("30 September 2026 at 5:00pm")


@JAVASCRIPT
def test_the_team_previews_the_survey_with_its_conditions(new_page, sign_in_browser, cast, javascript):
    survey = SurveyFactory(lab=cast.lab, draft=True, title="Preview me")
    page = team_page(new_page, sign_in_browser, cast, javascript)
    page.goto(f"{SURVEYS}{survey.slug}/")
    axe_check(page)
    follow_and_check(page.get_by_role("button", name="Preview", exact=True))
    follow_and_check(page.get_by_role("button", name="Start the preview"))
    expect(page.locator("#preview-note")).to_contain_text("Preview")
    follow_and_check(page.get_by_role("button", name="Save and continue"))  # the welcome page
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")

    years = page.get_by_label("For how many years have you had this pain?")
    if javascript:
        expect(years).to_be_hidden()  # the same live conditions as the survey itself
    page.get_by_role("group", name="Do you live with persistent back or neck pain?").get_by_label("Yes").check()
    expect(years).to_be_visible()
    years.fill("12")
    page.get_by_label("I live with a mental health problem and persistent pain").check()
    follow_and_check(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your experience")
