from io import BytesIO
from pathlib import Path
from textwrap import dedent

import openpyxl
import pytest
from pyxform.xls2xform import convert

from carelab.lib.survey_definition import (
    Choice,
    ChoiceList,
    InstrumentRef,
    Question,
    QuestionKind,
    Scale,
    Section,
    Statement,
    SurveyDefinition,
)
from carelab.lib.xlsform import Problem, XLSFormError, read_xlsform, write_xlsform

FORMS = Path(__file__).parent / "xlsforms"
LAB_SURVEY_FILES = ["lab_survey.md", "lab_survey.csv", "lab_survey.xlsx"]


def read_md(text: str, filename: str = "form.md") -> SurveyDefinition:
    return read_xlsform(dedent(text).encode(), filename)


def problems_in(text: str) -> list[Problem]:
    with pytest.raises(XLSFormError) as caught:
        read_md(text)
    return list(caught.value.problems)


def places(problems: list[Problem]) -> set[tuple[str, int | None, str | None]]:
    return {(problem.sheet, problem.row, problem.column) for problem in problems}


def round_trip(definition: SurveyDefinition) -> SurveyDefinition:
    return read_xlsform(write_xlsform(definition), "exported.xlsx")


YES_NO = """
| choices |
|         | list_name | name | label |
|         | yes_no    | yes  | Yes   |
|         | yes_no    | no   | No    |
"""


@pytest.fixture(scope="module")
def lab_survey() -> SurveyDefinition:
    return read_xlsform(FORMS / "lab_survey.md")


# --- Reading the lab survey fixture ---------------------------------------------------------


@pytest.mark.parametrize("filename", LAB_SURVEY_FILES[1:])
def test_the_lab_survey_reads_the_same_from_csv_and_xlsx_as_from_markdown(filename, lab_survey):
    assert read_xlsform(FORMS / filename) == lab_survey


def test_settings_give_the_title_id_and_version(lab_survey):
    assert (lab_survey.title, lab_survey.id_string, lab_survey.version) == (
        "Living with pain: launch survey",
        "lab_launch",
        "1",
    )


def test_questions_before_any_group_form_a_first_section_without_a_name(lab_survey):
    first = lab_survey.sections[0]
    assert (first.name, first.title, first.intro) == ("", "", "")
    assert [question.name for question in first.questions] == ["welcome"]
    assert first.questions[0].kind is QuestionKind.INFORMATION


def test_top_level_groups_are_sections_with_title_intro_and_condition(lab_survey):
    assert [section.name for section in lab_survey.sections] == ["", "about_you", "experience", "mood"]
    about = lab_survey.sections[1]
    assert (about.title, about.intro) == ("About you", "These questions help us understand who has taken part.")
    assert lab_survey.sections[3].relevant == "${lives_with_pain} = 'yes'"


def test_each_xlsform_type_becomes_its_carelab_kind(lab_survey):
    kinds = {question.name: question.kind for question in lab_survey.questions()}
    assert kinds == {
        "welcome": QuestionKind.INFORMATION,
        "roles": QuestionKind.MULTIPLE_CHOICE,
        "lives_with_pain": QuestionKind.SINGLE_CHOICE,
        "pain_years": QuestionKind.WHOLE_NUMBER,
        "age_band": QuestionKind.SINGLE_CHOICE,
        "first_help": QuestionKind.DATE,
        "pain_today": QuestionKind.SCALE,
        "care_grid": QuestionKind.GRID,
        "what_helped": QuestionKind.LONG_TEXT,
        "one_change": QuestionKind.SHORT_TEXT,
        "sleep_hours": QuestionKind.DECIMAL,
        "long_term_pain": QuestionKind.CALCULATE,
    }


def test_a_multiple_choice_with_or_other_keeps_every_column(lab_survey):
    assert lab_survey.question("roles") == Question(
        kind=QuestionKind.MULTIPLE_CHOICE,
        name="roles",
        label="Which of these describe you?",
        hint="Choose all that apply.",
        required=True,
        required_message="Choose at least one, or skip ahead",
        choices_list="roles",
        other_option=True,
    )


def test_other_option_adds_other_please_say_after_the_lists_choices(lab_survey):
    roles = lab_survey.question("roles")
    assert [choice.label for choice in lab_survey.choices_for(roles)][-1] == "Other, please say"
    assert roles.answer_names == ("roles", "roles_other")


def test_a_condition_and_a_constraint_with_its_message_are_kept(lab_survey):
    years = lab_survey.question("pain_years")
    assert years.relevant == "${lives_with_pain} = 'yes'"
    assert (years.constraint, years.constraint_message) == (
        ". >= 0 and . <= 90",
        "Enter a number of years from 0 to 90",
    )


def test_a_range_from_0_to_10_is_a_scale_with_words_at_each_end(lab_survey):
    assert lab_survey.question("pain_today").scale == Scale(0, 10, "No pain", "Worst pain imaginable")


def test_a_table_list_group_is_one_grid_question_of_statements_on_one_list(lab_survey):
    grid = lab_survey.question("care_grid")
    assert grid.label == "How much do you agree with these statements?"
    assert grid.choices_list == "agreement"
    assert grid.statements == (
        Statement("listened_to", "Staff listened to me"),
        Statement("joined_up", "My physical and mental health care felt joined up"),
        Statement("knew_where", "I knew where to go for help"),
    )
    assert grid.answer_names == ("listened_to", "joined_up", "knew_where")


def test_multiline_text_is_long_text_and_other_appearances_are_kept(lab_survey):
    assert lab_survey.question("what_helped").appearance == ""
    assert lab_survey.question("age_band").appearance == "minimal"


def test_a_calculation_is_kept_on_a_hidden_question(lab_survey):
    assert lab_survey.question("long_term_pain").calculation == "if(${pain_years} >= 3, 'yes', 'no')"


def test_an_instrument_section_keeps_its_id_and_version_and_has_no_questions(lab_survey):
    mood = lab_survey.sections[3]
    assert mood.instrument == ("phq8", "1.0")
    assert mood.questions == ()


def test_choice_lists_keep_their_order_and_labels(lab_survey):
    assert lab_survey.choice_list("yes_no") == ChoiceList("yes_no", (Choice("yes", "Yes"), Choice("no", "No")))
    assert [choice_list.name for choice_list in lab_survey.choice_lists] == [
        "roles",
        "yes_no",
        "age_bands",
        "agreement",
    ]


# --- Reading: smaller forms ----------------------------------------------------------------


def test_without_settings_the_file_name_gives_the_title_and_id():
    definition = read_md(
        """
        | survey |
        |        | type | name | label         |
        |        | text | town | Where do you live? |
        """,
        "town_survey.md",
    )
    assert (definition.title, definition.id_string, definition.version) == ("town_survey", "town_survey", "")


def test_a_choice_named_other_gives_the_other_option_and_its_text_question_is_absorbed():
    definition = read_md(
        """
        | survey |
        |        | type              | name     | label              | relevant                       |
        |        | select_one helped | helped   | What helped most?  |                                |
        |        | text              | helped_other | Please say     | selected(${helped}, 'other')   |
        |        | text              | more     | Anything else?     |                                |
        | choices |
        |         | list_name | name     | label        |
        |         | helped    | exercise | Exercise     |
        |         | helped    | other    | Something else |
        """
    )
    helped = definition.question("helped")
    assert helped.other_option is True
    assert [question.name for question in definition.questions()] == ["helped", "more"]
    assert definition.choices_for(helped)[-1] == Choice("other", "Something else")


def test_a_heading_row_followed_by_list_nolabel_rows_is_a_grid():
    definition = read_md(
        """
        | survey |
        |        | type              | name     | label         | appearance   | required |
        |        | begin_group       | page     | Your care     | field-list   |          |
        |        | select_one yes_no | heading  | Did you…      | label        |          |
        |        | select_one yes_no | seen     | see a GP?     | list-nolabel | yes      |
        |        | select_one yes_no | referred | get referred? | list-nolabel | yes      |
        |        | end_group         |          |               |              |          |
        """
        + YES_NO
    )
    assert definition.sections[0].questions == (
        Question(
            kind=QuestionKind.GRID,
            name="heading",
            label="Did you…",
            required=True,
            choices_list="yes_no",
            statements=(Statement("seen", "see a GP?"), Statement("referred", "get referred?")),
        ),
    )


def test_start_end_and_today_rows_are_left_out():
    definition = read_md(
        """
        | survey |
        |        | type  | name  | label        |
        |        | start | start |              |
        |        | end   | end   |              |
        |        | today | today |              |
        |        | text  | town  | Your town?   |
        """
    )
    assert [question.name for question in definition.questions()] == ["town"]


def test_columns_outside_xlsform_are_ignored():
    definition = read_md(
        """
        | survey |
        |        | type | name | label      | notes for the team |
        |        | text | town | Your town? | ask Sam about this |
        """
    )
    assert definition.question("town").label == "Your town?"


def test_a_scale_may_run_from_1_to_5():
    definition = read_md(
        """
        | survey |
        |        | type  | name | label       | parameters           |
        |        | range | calm | How calm?   | start=1 end=5 step=1 |
        """
    )
    assert definition.question("calm").scale == Scale(1, 5)


def test_ungrouped_questions_after_a_section_form_another_unnamed_section():
    definition = read_md(
        """
        | survey |
        |        | type        | name    | label    |
        |        | begin_group | page    | A page   |
        |        | text        | first   | First?   |
        |        | end_group   |         |          |
        |        | text        | last    | Last?    |
        """
    )
    assert [(section.name, len(section.questions)) for section in definition.sections] == [("page", 1), ("", 1)]


# --- Reading: what is refused --------------------------------------------------------------


UNSUPPORTED_MD = {
    ("survey", 3, "type"),  # geopoint
    ("survey", 4, "type"),  # image
    ("survey", 5, "type"),  # begin_repeat (its contents are not read)
    ("survey", 8, "type"),  # no such choice list
    ("survey", 9, "name"),  # name used on row 2
    ("survey", 10, "relevant"),  # refers to no question
    ("survey", 12, "parameters"),  # a 0-100 range in fives
    ("survey", 14, "type"),  # a group inside a section
    ("survey", 18, "type"),  # geotrace
    ("choices", 3, "name"),  # a choice name used twice in one list
}
UNSUPPORTED_CSV = {
    ("survey", 2, "choice_filter"),
    ("survey", 2, "required"),
    ("survey", 3, "type"),  # audio
    ("survey", 4, "type"),  # end_group with no group
    ("choices", 2, "label"),
}


@pytest.mark.parametrize(
    ("filename", "expected"), [("unsupported.md", UNSUPPORTED_MD), ("unsupported.csv", UNSUPPORTED_CSV)]
)
def test_every_unsupported_row_is_reported_with_its_sheet_row_and_column(filename, expected):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(FORMS / filename)
    assert places(list(caught.value.problems)) == expected


def test_a_problem_reads_as_plain_words_naming_the_row_and_column():
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(FORMS / "unsupported.md")
    lines = str(caught.value).splitlines()
    assert lines[0] == (
        "Survey sheet, row 3, column 'type': CareLab cannot ask for a location (geopoint): it collects only words, "
        "numbers, dates, times and choices. Remove this question."
    )
    assert len(lines) == len(UNSUPPORTED_MD)


def test_names_must_be_unique_across_sections_although_pyxform_allows_it():
    problems = problems_in(
        """
        | survey |
        |        | type        | name  | label   |
        |        | begin_group | one   | One     |
        |        | text        | town  | Town?   |
        |        | end_group   |       |         |
        |        | begin_group | two   | Two     |
        |        | text        | town  | Town?   |
        |        | end_group   |       |         |
        """
    )
    assert [str(problem) for problem in problems] == [
        "Survey sheet, row 6, column 'name': The name 'town' is already used on row 3."
    ]


@pytest.mark.parametrize("column", ["relevant", "constraint"])
def test_an_expression_that_cannot_be_parsed_is_reported_where_it_is(column):
    problems = problems_in(
        f"""
        | survey |
        |        | type    | name | label | {column}      |
        |        | integer | age  | Age?  | ${{age}} > (   |
        """
    )
    assert places(problems) == {("survey", 2, column)}
    assert "cannot be read" in problems[0].message


def test_a_calculation_must_refer_to_questions_that_exist():
    problems = problems_in(
        """
        | survey |
        |        | type      | name  | label | calculation      |
        |        | calculate | total |       | ${a} + ${b}      |
        """
    )
    assert [problem.message for problem in problems] == [
        "There is no question named 'a'.",
        "There is no question named 'b'.",
    ]


def test_a_reference_to_a_section_is_not_a_reference_to_an_answer():
    problems = problems_in(
        """
        | survey |
        |        | type        | name  | label  | relevant       |
        |        | begin_group | page  | Page   |                |
        |        | text        | town  | Town?  | ${page} = ''   |
        |        | end_group   |       |        |                |
        """
    )
    assert places(problems) == {("survey", 3, "relevant")}


def test_the_other_text_of_a_question_cannot_be_referred_to_as_pyxform_does_not_allow_it():
    problems = problems_in(
        """
        | survey |
        |        | type                       | name  | label  | relevant              |
        |        | select_one yes_no or_other | ok    | OK?    |                       |
        |        | text                       | why   | Why?   | ${ok_other} != ''     |
        """
        + YES_NO
    )
    assert [str(problem) for problem in problems] == [
        "Survey sheet, row 3, column 'relevant': There is no question named 'ok_other'."
    ]


def test_the_name_of_the_other_text_is_reserved():
    problems = problems_in(
        """
        | survey |
        |        | type                       | name     | label  |
        |        | select_one yes_no or_other | ok       | OK?    |
        |        | text                       | ok_other | Why?   |
        """
        + YES_NO
    )
    assert places(problems) == {("survey", 3, "name")}


def test_required_must_be_yes_or_no():
    problems = problems_in(
        """
        | survey |
        |        | type | name | label | required    |
        |        | text | a    | A?    | yes         |
        |        | text | b    | B?    | ${a} != ''  |
        """
    )
    assert places(problems) == {("survey", 3, "required")}


def test_an_instrument_section_with_rows_of_its_own_is_refused():
    problems = problems_in(
        """
        | survey |
        |        | type        | name | label | carelab_instrument |
        |        | begin_group | mood | Mood  | phq8@1.0           |
        |        | text        | how  | How?  |                    |
        |        | end_group   |      |       |                    |
        """
    )
    assert places(problems) == {("survey", 3, "type")}


@pytest.mark.parametrize("value", ["phq8", "phq8@latest", "PHQ 8@1"])
def test_an_instrument_needs_an_id_and_a_version(value):
    problems = problems_in(
        f"""
        | survey |
        |        | type        | name | label | carelab_instrument |
        |        | begin_group | mood | Mood  | {value}            |
        |        | end_group   |      |       |                    |
        """
    )
    assert places(problems) == {("survey", 2, "carelab_instrument")}


def test_a_column_that_does_not_belong_on_the_row_is_refused():
    problems = problems_in(
        """
        | survey |
        |        | type | name | label | parameters           | carelab_instrument |
        |        | text | a    | A?    | start=0 end=10       |                    |
        |        | note | b    | B     |                      | phq8@1.0           |
        """
    )
    assert places(problems) == {("survey", 2, "parameters"), ("survey", 3, "carelab_instrument")}


def test_grid_statements_must_share_one_choice_list_and_one_required_setting():
    problems = problems_in(
        """
        | survey |
        |        | type              | name | label | appearance | required |
        |        | begin_group       | grid | Grid  | table-list |          |
        |        | select_one yes_no | a    | A     |            | yes      |
        |        | select_one other  | b    | B     |            |          |
        |        | end_group         |      |       |            |          |
        | choices |
        |         | list_name | name | label |
        |         | yes_no    | yes  | Yes   |
        |         | other     | x    | X     |
        """
    )
    assert places(problems) == {("survey", 4, "type"), ("survey", 2, "required")}


def test_an_error_pyxform_finds_is_reported_with_its_row_and_column():
    problems = problems_in(
        """
        | survey |
        |        | type | name | label |
        |        | text | fine | A?    |
        |        | text | meta | B?    |
        """
    )
    assert [str(problem) for problem in problems] == [
        "Survey sheet, row 3, column 'name': pyxform reports: On the 'survey' sheet, the 'name' value 'meta' is "
        "invalid. The name 'meta' is reserved for form metadata."
    ]


def test_names_must_be_xml_names_and_every_bad_one_is_reported():
    problems = problems_in(
        """
        | survey |
        |        | type | name        | label |
        |        | text | not allowed | A?    |
        |        | text | 2nd         | B?    |
        |        | text | café_1      | C?    |
        """
    )
    assert places(problems) == {("survey", 2, "name"), ("survey", 3, "name")}


def test_questions_need_labels_and_information_needs_text():
    problems = problems_in(
        """
        | survey |
        |        | type      | name  | label | calculation |
        |        | text      | a     |       |             |
        |        | note      | b     |       |             |
        |        | calculate | c     |       | 1 + 1       |
        """
    )
    assert places(problems) == {("survey", 2, "label"), ("survey", 3, "label")}


def test_a_form_without_questions_is_refused():
    problems = problems_in(
        """
        | choices |
        |         | list_name | name | label |
        |         | yes_no    | yes  | Yes   |
        """
    )
    assert [str(problem) for problem in problems] == [
        "Survey sheet: There are no questions: the survey sheet is missing or empty."
    ]


def test_a_begin_group_without_an_end_is_reported_on_its_row():
    problems = problems_in(
        """
        | survey |
        |        | type        | name | label |
        |        | text        | a    | A?    |
        |        | begin_group | page | Page  |
        |        | text        | b    | B?    |
        """
    )
    assert places(problems) == {("survey", 3, "type")}


@pytest.mark.parametrize("filename", ["form.xls", "form.txt", None])
def test_a_file_that_is_not_xlsx_csv_or_markdown_is_refused(filename):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(b"| survey |\n| | type | name | label |\n| | text | a | A |", filename)
    assert "use .xlsx, .csv or .md" in str(caught.value)


def test_a_damaged_xlsx_is_refused_with_a_problem_not_a_crash():
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(b"PK\x03\x04 not really a workbook", "form.xlsx")
    assert "could not be read" in str(caught.value)


# --- A hand-made .xlsx ---------------------------------------------------------------------


@pytest.fixture
def hand_made_xlsx() -> bytes:
    """Built cell by cell with openpyxl, as a person might: numbers as numbers, blank rows, odd spellings."""
    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    for row in [
        ["type", "name", "label", "appearance", "parameters", "carelab_min_label", "carelab_max_label", "Notes"],
        ["begin group", "page", "Your pain", "field-list"],
        ["range", "pain", "Pain today", None, "start=0 end=10 step=1", "None", "Worst", "from the NRS"],
        [],
        ["select one scores", "heading", "How often?", "label"],
        ["select one scores", "low_mood", "Low mood", "list-nolabel"],
        ["select one scores", "worry", "Worry", "list-nolabel"],
        ["end group"],
    ]:
        survey.append(row)
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for value, label in [(0, "Never"), (1, "Sometimes"), (2.0, "Often")]:
        choices.append(["scores", value, label])
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["Pain and mood", "pain_mood", 2024061201])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_a_hand_made_xlsx_is_read_with_numbers_as_text(hand_made_xlsx):
    definition = read_xlsform(hand_made_xlsx, "pain.xlsx")
    assert definition == SurveyDefinition(
        title="Pain and mood",
        id_string="pain_mood",
        version="2024061201",
        sections=(
            Section(
                name="page",
                title="Your pain",
                questions=(
                    Question(QuestionKind.SCALE, "pain", "Pain today", scale=Scale(0, 10, "None", "Worst")),
                    Question(
                        QuestionKind.GRID,
                        "heading",
                        "How often?",
                        choices_list="scores",
                        statements=(Statement("low_mood", "Low mood"), Statement("worry", "Worry")),
                    ),
                ),
            ),
        ),
        choice_lists=(ChoiceList("scores", (Choice("0", "Never"), Choice("1", "Sometimes"), Choice("2", "Often"))),),
    )


def test_a_hand_made_xlsx_survives_export_and_import(hand_made_xlsx):
    definition = read_xlsform(hand_made_xlsx, "pain.xlsx")
    assert round_trip(definition) == definition


def test_xlsx_row_numbers_count_blank_rows_as_a_spreadsheet_shows_them():
    workbook = openpyxl.Workbook()
    workbook.active.title = "survey"
    for row in [["type", "name", "label"], ["text", "a", "A?"], [], ["geopoint", "where", "Where?"]]:
        workbook.active.append(row)
    output = BytesIO()
    workbook.save(output)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(output.getvalue(), "form.xlsx")
    assert places(list(caught.value.problems)) == {("survey", 4, "type")}


# --- Writing -------------------------------------------------------------------------------


EVERY_KIND = SurveyDefinition(
    title="Every kind",
    id_string="every_kind",
    version="7",
    sections=(
        Section(
            name="",
            questions=(Question(QuestionKind.INFORMATION, "hello", "Welcome", hint="It takes five minutes."),),
        ),
        Section(
            name="page_one",
            title="Page one",
            intro="About you.",
            relevant="",
            questions=(
                Question(QuestionKind.SHORT_TEXT, "town", "Town?", default="Leeds", appearance="numbers"),
                Question(QuestionKind.LONG_TEXT, "story", "Your story", hint="As much as you like"),
                Question(QuestionKind.LONG_TEXT, "more", "More?", appearance="no-autocomplete"),
                Question(
                    QuestionKind.SINGLE_CHOICE,
                    "agree",
                    "Agree?",
                    required=True,
                    required_message="Please choose one",
                    choices_list="yes_no",
                ),
                Question(QuestionKind.SINGLE_CHOICE, "what", "What?", choices_list="with_other", other_option=True),
                Question(QuestionKind.MULTIPLE_CHOICE, "which", "Which?", choices_list="yes_no", other_option=True),
                Question(
                    QuestionKind.WHOLE_NUMBER,
                    "age",
                    "Age?",
                    relevant="${agree} = 'yes'",
                    constraint=". >= 16",
                    constraint_message="You must be 16 or over",
                ),
                Question(QuestionKind.DECIMAL, "hours", "Hours?"),
                Question(QuestionKind.DATE, "when", "When?", constraint=". <= today()"),
                Question(QuestionKind.TIME, "woke", "When did you wake?", default="07:30"),
                Question(QuestionKind.DATETIME, "last_seen", "When were you last seen?", required=True),
                Question(QuestionKind.RANK, "priorities", "Put these in order", choices_list="yes_no"),
                Question(QuestionKind.SINGLE_CHOICE, "region", "Region?", choices_list="regions", appearance="minimal"),
                Question(
                    QuestionKind.SINGLE_CHOICE,
                    "home_town",
                    "Town?",
                    choices_list="towns",
                    choice_filter="region = ${region}",
                    appearance="horizontal",
                ),
            ),
        ),
        Section(
            name="page_two",
            title="Page two",
            relevant="${age} > 18",
            questions=(
                Question(
                    QuestionKind.SCALE, "pain", "Pain?", scale=Scale(0, 10, "None", "Worst"), appearance="no-ticks"
                ),
                Question(
                    QuestionKind.GRID,
                    "grid",
                    "Agree with these?",
                    hint="One answer a row",
                    relevant="${pain} > 3",
                    required=True,
                    choices_list="yes_no",
                    statements=(Statement("s_one", "First"), Statement("s_two", "Second")),
                ),
                Question(QuestionKind.CALCULATE, "double_age", calculation="${age} * 2"),
                Question(
                    QuestionKind.WHOLE_NUMBER, "next_age", "Next birthday", calculation="${age} + 1", read_only=True
                ),
                Question(QuestionKind.SHORT_TEXT, "nickname", "Nickname?", calculation="concat('Friend of ', ${town})"),
            ),
        ),
        Section(name="mood", title="Mood", intro="Optional.", instrument=InstrumentRef("gad7", "1.0")),
        Section(name="", questions=(Question(QuestionKind.SHORT_TEXT, "last", "Anything else?"),)),
    ),
    choice_lists=(
        ChoiceList("yes_no", (Choice("yes", "Yes"), Choice("no", "No"))),
        ChoiceList("with_other", (Choice("a", "A"), Choice("other", "Something else"))),
        ChoiceList("unused", (Choice("1", "One"),)),
        ChoiceList("regions", (Choice("north", "North"), Choice("south", "South"))),
        ChoiceList(
            "towns",
            (
                Choice("leeds", "Leeds", (("region", "north"),)),
                Choice("bath", "Bath", (("region", "south"),)),
            ),
        ),
    ),
)


def test_the_every_kind_definition_covers_every_question_kind():
    assert {question.kind for question in EVERY_KIND.questions()} == set(QuestionKind)


def test_every_question_kind_survives_export_and_import():
    assert round_trip(EVERY_KIND) == EVERY_KIND


@pytest.mark.parametrize("filename", LAB_SURVEY_FILES)
def test_each_fixture_survives_export_and_import(filename):
    definition = read_xlsform(FORMS / filename)
    assert round_trip(definition) == definition


def test_an_exported_form_is_a_valid_xlsform_for_pyxform():
    result = convert(write_xlsform(EVERY_KIND), file_type=".xlsx")
    assert "<range" in result.xform


def test_an_export_has_survey_choices_and_settings_sheets():
    workbook = openpyxl.load_workbook(BytesIO(write_xlsform(EVERY_KIND)))
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    settings = list(workbook["settings"].values)
    assert settings == [("form_title", "form_id", "version"), ("Every kind", "every_kind", "7")]


FORMULA_LIKE = ['=HYPERLINK("http://example.com","Click")', "+44 7700 900123", "-1 degrees", "@home"]


def test_text_that_looks_like_a_formula_is_exported_as_text_and_read_back_unchanged():
    definition = SurveyDefinition(
        title="=1+1",
        id_string="formulae",
        sections=(
            Section(
                name="",
                questions=tuple(
                    Question(QuestionKind.SHORT_TEXT, f"q{index}", label, hint=label)
                    for index, label in enumerate(FORMULA_LIKE)
                ),
            ),
        ),
        choice_lists=(ChoiceList("odd", (Choice("eq", "=cmd|' /C calc'!A0"),)),),
    )
    exported = write_xlsform(definition)
    workbook = openpyxl.load_workbook(BytesIO(exported))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}
    assert {cell.value for cell in cells} >= {*FORMULA_LIKE, "=1+1", "=cmd|' /C calc'!A0"}
    assert read_xlsform(exported, "formulae.xlsx") == definition


def test_export_refuses_two_unnamed_sections_in_a_row_that_would_read_back_as_one():
    question = Question(QuestionKind.SHORT_TEXT, "a", "A?")
    definition = SurveyDefinition(
        "T", "t", sections=(Section("", questions=(question,)), Section("", questions=(question,)))
    )
    with pytest.raises(ValueError, match="read back as one"):
        write_xlsform(definition)


def test_export_refuses_a_list_with_other_on_a_question_without_the_other_option():
    definition = SurveyDefinition(
        "T",
        "t",
        sections=(Section("", questions=(Question(QuestionKind.SINGLE_CHOICE, "a", "A?", choices_list="l"),)),),
        choice_lists=(ChoiceList("l", (Choice("other", "Other"),)),),
    )
    with pytest.raises(ValueError, match="set other_option"):
        write_xlsform(definition)


def test_an_uploaded_file_object_is_read_by_its_name(lab_survey):
    upload = BytesIO((FORMS / "lab_survey.xlsx").read_bytes())
    assert read_xlsform(upload, "Launch survey.XLSX") == lab_survey


def test_every_fixture_survives_storage_as_json():
    import json

    from carelab.lib.survey_definition import definition_from_dict, definition_to_dict

    for name in ["lab_survey.md", "lab_survey.csv", "lab_survey.xlsx"]:
        definition = read_xlsform(FORMS / name)
        stored = json.loads(json.dumps(definition_to_dict(definition)))
        assert definition_from_dict(stored) == definition
