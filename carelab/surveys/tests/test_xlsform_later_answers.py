"""Conditions, validations and calculations that use answers given later: one rule for the builder and the import.

The rule is carelab.lib.answer_order (its tests say what it allows); these tests check that the
import command, the upload page and the builder all apply it, and that what the builder allows
still exports and imports back unchanged.
"""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from carelab.core.tests.html import parse, text_of
from carelab.lib.instruments import get_instrument
from carelab.lib.survey_definition import Choice, Question, QuestionKind
from carelab.lib.xlsform import XLSFormError, read_xlsform
from carelab.surveys.actions import builder
from carelab.surveys.models import Survey

BASE = "/labs/the-lab/surveys/team/"
LATER_CONDITION = """
| survey |
| | type        | name       | label                        | relevant             | constraint       |
| | begin_group | about_you  | About you                    |                      |                  |
| | integer     | age        | How old are you?             |                      | . > ${pain_score} |
| | text        | pain_where | Where is your pain?          | ${pain_score} > 3    |                  |
| | end_group   |            |                              |                      |                  |
| | begin_group | pain       | Your pain                    |                      |                  |
| | range       | pain_score | How bad is your pain today?  |                      |                  |
| | end_group   |            |                              |                      |                  |
"""
LATER_CONDITION_PROBLEMS = [
    "Survey sheet, row 3, column 'constraint': This validation uses ${pain_score}, which is asked on a later page "
    "(row 7). Each top-level group is one page, and a question's validation can only use answers from its own page "
    "or earlier ones.",
    "Survey sheet, row 4, column 'relevant': This condition uses ${pain_score}, which is asked on a later page "
    "(row 7). Each top-level group is one page, and a question's condition can only use answers from its own page "
    "or earlier ones.",
]


@pytest.fixture
def later_form(tmp_path):
    path = tmp_path / "pain survey.md"
    path.write_text(LATER_CONDITION)
    return path


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


# -- The import command --------------------------------------------------------------------------------


def test_the_command_lists_each_later_answer_by_row_and_column_and_imports_nothing(cast, later_form):
    err = StringIO()
    with pytest.raises(CommandError, match=r"^pain survey\.md has 2 problems; nothing was imported\.$"):
        call_command("import_xlsform", "the-lab", str(later_form), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == LATER_CONDITION_PROBLEMS
    assert not Survey.objects.exists()


def test_the_command_exits_with_a_non_zero_status_for_a_later_answer(cast, later_form, capsys, monkeypatch):
    # run_from_argv closes every connection on the way out; on PostgreSQL that would end the test's transaction.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "import_xlsform", "the-lab", str(later_form)]).execute()
    assert exit_.value.code == 1
    assert "row 4, column 'relevant': This condition uses ${pain_score}" in capsys.readouterr().err
    assert not Survey.objects.exists()


def test_importing_stores_nothing_when_a_condition_uses_a_later_answer(cast, later_form):
    with pytest.raises(XLSFormError):
        builder.import_survey(cast.lab, later_form.read_bytes(), later_form.name, by=cast.team)
    assert not Survey.objects.exists()


# -- The upload page -----------------------------------------------------------------------------------


def upload(client, name: str, content: str):
    return client.post(BASE + "upload/", {"file": SimpleUploadedFile(name, content.encode())})


def test_the_upload_page_shows_each_later_answer_in_an_error_summary_naming_the_file(team):
    response = upload(team, "pain-survey.md", LATER_CONDITION)
    page = parse(response)
    assert response.status_code == 200
    assert page.title.string.startswith("Error:")
    summary = page.select_one(".nhsuk-error-summary")
    assert [text_of(item) for item in summary.select(".nhsuk-error-summary__list li")] == [
        "Row 3, column 'constraint': This validation uses ${pain_score}, which is asked on a later page (row 7). "
        "Each top-level group is one page, and a question's validation can only use answers from its own page or "
        "earlier ones.",
        "Row 4, column 'relevant': This condition uses ${pain_score}, which is asked on a later page (row 7). "
        "Each top-level group is one page, and a question's condition can only use answers from its own page or "
        "earlier ones.",
    ]
    assert {link["href"] for link in summary.select("a")} == {"#id_file"}
    assert "Nothing was imported. Correct these in pain-survey.md and upload it again." in text_of(summary)
    assert text_of(page.select_one("#id_file-error")) == (
        "Error: The file has 2 problems, listed above. Nothing was imported from pain-survey.md. "
        "Correct it and try again"
    )
    assert not Survey.objects.exists()


def test_the_file_name_is_shown_as_text_never_as_markup(team):
    name = "survey<img src=x onerror=alert(1)>.md"
    page = parse(upload(team, name, LATER_CONDITION))
    assert not page.select("img[onerror]")
    assert f"Correct these in {name} and upload it again." in text_of(page.select_one(".nhsuk-error-summary"))
    assert f"Nothing was imported from {name}." in text_of(page.select_one("#id_file-error"))


# -- The builder ---------------------------------------------------------------------------------------


@pytest.fixture
def two_pages(cast):
    """A draft with an age on page 1 and a pain score on page 2."""
    survey = builder.create_empty_survey(cast.lab, title="Two pages", by=cast.team)
    builder.add_question(survey, 0, Question(QuestionKind.WHOLE_NUMBER, "age", "How old are you?"))
    builder.add_section(survey, title="Your pain")
    builder.add_question(survey, 1, Question(QuestionKind.WHOLE_NUMBER, "pain_score", "How bad is it?"))
    return survey


def test_the_builder_refuses_a_validation_on_a_later_answer(two_pages):
    age = Question(QuestionKind.WHOLE_NUMBER, "age", "How old are you?", constraint=". > ${pain_score}")
    with pytest.raises(builder.DefinitionError) as caught:
        builder.update_question(two_pages, "age", age)
    assert caught.value.problems == [
        "Question 'age', validation: it uses the answer to 'pain_score', which would be asked on a later page. "
        "A validation can only use answers from its own page or earlier ones"
    ]


def test_the_builder_refuses_a_condition_on_a_calculation_on_the_same_page(two_pages):
    builder.add_question(two_pages, 1, Question(QuestionKind.CALCULATE, "double", calculation="${pain_score} * 2"))
    why = Question(QuestionKind.SHORT_TEXT, "why", "Why?", relevant="${double} > 10")
    with pytest.raises(builder.DefinitionError) as caught:
        builder.add_question(two_pages, 1, why)
    assert caught.value.problems == [
        "Question 'why', condition: it uses the calculation 'double' on the same page, which is worked out only once "
        "the page is saved. A question's condition can only use calculations from earlier pages"
    ]
    builder.add_section(two_pages, title="More")
    builder.add_question(two_pages, 2, why)  # on the next page the calculation is known
    assert two_pages.working_definition().question("why").relevant == "${double} > 10"


def test_the_builder_refuses_a_calculation_that_uses_one_placed_after_it(two_pages):
    builder.add_question(two_pages, 0, Question(QuestionKind.CALCULATE, "first", calculation="${age} + 1"))
    builder.add_question(two_pages, 0, Question(QuestionKind.CALCULATE, "second", calculation="${first} + 1"))
    with pytest.raises(builder.DefinitionError) as caught:
        builder.move_question(two_pages, "second", "up")
    assert caught.value.problems == [
        "Question 'second', calculation: it uses the calculation 'first', which is not worked out before it. "
        "A calculation can only use calculations placed before it"
    ]


def test_the_builder_refuses_a_condition_on_a_calculation_made_from_a_later_answer(two_pages):
    builder.add_question(two_pages, 0, Question(QuestionKind.CALCULATE, "total", calculation="${age} + ${pain_score}"))
    with pytest.raises(builder.DefinitionError) as caught:
        builder.add_question(two_pages, 1, Question(QuestionKind.SHORT_TEXT, "why", "Why?", relevant="${total} > 3"))
    assert caught.value.problems == [
        "Question 'why', condition: it uses the calculation 'total', which is worked out from the answer to "
        "'pain_score', asked on the same page. A question's condition can only use calculations worked out from "
        "earlier pages"
    ]


# -- What the builder allows exports and imports back -----------------------------------------------------


def test_a_built_survey_with_conditions_on_earlier_pages_exports_and_imports_back_unchanged(cast, tmp_path):
    survey = builder.create_empty_survey(cast.lab, title="Living with pain", by=cast.team)
    yes_no = (Choice("yes", "Yes"), Choice("no", "No"))
    builder.add_question(survey, 0, Question(QuestionKind.SINGLE_CHOICE, "lives_with_pain", "Pain?"), yes_no)
    builder.add_question(survey, 0, Question(QuestionKind.WHOLE_NUMBER, "pain_years", "How many years?"))
    builder.add_question(
        survey, 0, Question(QuestionKind.CALCULATE, "long_pain", calculation="if(${pain_years} >= 3, 'yes', 'no')")
    )
    builder.add_instrument(survey, get_instrument("phq8", "1.0"))
    later = builder.add_section(survey, title="Your care", relevant="${lives_with_pain} = 'yes'")
    builder.add_question(
        survey,
        later,
        Question(
            QuestionKind.SHORT_TEXT,
            "what_helped",
            "What has helped?",
            relevant="${long_pain} = 'yes' and ${phq_1} != '0'",
            constraint="string-length(.) <= ${pain_years} * 100",
        ),
    )
    builder.add_question(
        survey, 0, Question(QuestionKind.CALCULATE, "summary", calculation="concat(${pain_years}, ${what_helped})")
    )
    exported = tmp_path / "exported.xlsx"
    call_command("export_xlsform", "the-lab", survey.slug, str(exported), stdout=StringIO())
    out = StringIO()
    call_command("import_xlsform", "the-lab", str(exported), stdout=out)
    imported = Survey.objects.get(lab=cast.lab, slug=out.getvalue().split()[-1])
    survey.refresh_from_db()
    assert imported.working_definition() == survey.working_definition() == read_xlsform(exported)
    assert imported.working_definition().question("what_helped").relevant == "${long_pain} = 'yes' and ${phq_1} != '0'"
