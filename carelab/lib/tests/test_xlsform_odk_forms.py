"""XLSForms as people write them for ODK and KoBoToolbox: pyxform is the oracle of what is valid.

Each form in xlsforms/odk/ is checked to be accepted by pyxform, then imported by CareLab, exported and
imported again unchanged. Then one test per feature: time, dateTime, rank, choice_filter,
select_one_from_file, calculation and read_only on a question, default, appearances, and what is
left out with a warning or refused with a message naming the row and column.
"""

from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyxform.xls2xform import convert

from carelab.lib.choice_files import MAX_CHOICE_FILE_BYTES, ChoiceFileError, read_choice_file
from carelab.lib.expressions import ExpressionError, parse_choice_filter
from carelab.lib.survey_definition import Choice, QuestionKind, definition_from_dict, definition_to_dict
from carelab.lib.xlsform import Problem, XLSFormError, read_xlsform, read_xlsform_with_warnings, write_xlsform

ODK = Path(__file__).parent / "xlsforms" / "odk"
FILES = {"services.csv": (ODK / "services.csv").read_bytes()}
ODK_FORMS = sorted(path.name for path in ODK.iterdir() if path.name != "services.csv")


def pyxform_accepts(path_or_text: Path | str, suffix: str = ".md") -> None:
    """pyxform converts the form to an XForm (it raises for anything it finds wrong)."""
    if isinstance(path_or_text, str):
        convert(xlsform=dedent(path_or_text), file_type=suffix, warnings=[], validate=False)
    else:
        convert(xlsform=str(path_or_text), warnings=[], validate=False)


def read_md(text: str, files: dict[str, bytes] | None = None):
    return read_xlsform_with_warnings(dedent(text).encode(), "form.md", files)


def problems_in(text: str, files: dict[str, bytes] | None = None) -> list[Problem]:
    with pytest.raises(XLSFormError) as caught:
        read_md(text, files)
    return list(caught.value.problems)


def warnings_in(text: str, files: dict[str, bytes] | None = None) -> list[str]:
    return [str(warning) for warning in read_md(text, files).warnings]


# -- The folder of forms ---------------------------------------------------------------------------


@pytest.mark.parametrize("filename", ODK_FORMS)
def test_each_odk_style_form_is_accepted_by_pyxform_then_imported_and_survives_export(filename):
    pyxform_accepts(ODK / filename)
    definition = read_xlsform(ODK / filename, files=FILES)
    again = read_xlsform(write_xlsform(definition), "exported.xlsx")
    assert again == definition
    assert definition_from_dict(definition_to_dict(definition)) == definition


@pytest.mark.parametrize("stem", ["kobo_household", "calculations"])
def test_the_xlsx_and_markdown_copies_of_a_form_read_the_same(stem):
    assert read_xlsform(ODK / f"{stem}.xlsx") == read_xlsform(ODK / f"{stem}.md")


def test_the_kobo_form_is_imported_with_a_warning_for_each_thing_left_out():
    warnings = [str(warning) for warning in read_xlsform_with_warnings(ODK / "kobo_household.md").warnings]
    assert warnings == [
        "Survey sheet, row 5, column 'type': CareLab does not record 'deviceid', so this row is left out.",
        "Survey sheet, row 6, column 'type': CareLab does not record 'username', so this row is left out.",
        "Survey sheet, row 7, column 'type': CareLab does not record 'audit', so this row is left out.",
        "Survey sheet, row 8, column 'required': CareLab does not use 'required' on a 'note' question, so it is "
        "left out.",
        "Survey sheet, row 16, column 'appearance': CareLab does not use the appearance 'thousands-sep' here, so "
        "the question is shown in CareLab's usual way.",
        "Choices sheet, row 4, column 'image': CareLab shows choices as words only: the pictures, sounds or videos "
        "in this column are left out.",
    ]


def test_the_times_and_ranking_csv_form_reads_each_new_kind():
    definition = read_xlsform(ODK / "times_and_ranking.csv")
    kinds = {question.name: question.kind for question in definition.questions()}
    assert kinds == {
        "bedtime": QuestionKind.TIME,
        "pain_started": QuestionKind.DATETIME,
        "priorities": QuestionKind.RANK,
        "done": QuestionKind.INFORMATION,
    }
    assert definition.question("bedtime").default == "22:30"
    priorities = definition.question("priorities")
    assert priorities.required and priorities.choices_list == "priorities" and not priorities.other_option


# -- choice_filter ---------------------------------------------------------------------------------

CASCADE = """
    | survey |
    | | type | name | label | choice_filter |
    | | select_one area | area | Area? | |
    | | select_one town | town | Town? | {filter} |
    | choices |
    | | list_name | name | label | area |
    | | area | north | North | |
    | | town | leeds | Leeds | north |
"""


def test_a_choice_filter_keeps_the_choices_sheet_columns_with_each_choice():
    text = CASCADE.format(filter="area = ${area}")
    pyxform_accepts(text)
    definition = read_md(text).definition
    assert definition.question("town").choice_filter == "area = ${area}"
    assert definition.choice_list("town").choices == (Choice("leeds", "Leeds", (("area", "north"),)),)


@pytest.mark.parametrize(
    ("choice_filter", "keeps"),
    [
        ("area = ${area}", {"leeds"}),
        ("${area} = area", {"leeds"}),
        ("name != 'leeds'", {"york"}),
        ("selected(${areas}, area)", {"leeds"}),
        ("area = ${area} or label = 'York'", {"leeds", "york"}),
    ],
)
def test_a_choice_filter_reads_bare_words_as_the_choices_columns(choice_filter, keeps):
    parsed = parse_choice_filter(choice_filter, {"name", "label", "area"})
    choices = {"leeds": {"name": "leeds", "label": "Leeds", "area": "north"}, "york": {"name": "york", "label": "York"}}
    answers = {"area": "north", "areas": ["north"]}
    assert {name for name, values in choices.items() if parsed.keeps(values, answers)} == keeps


def test_a_choice_filter_word_that_is_no_column_is_reported_on_its_row():
    problems = problems_in(CASCADE.format(filter="region = ${area}"))
    assert [str(problem) for problem in problems] == [
        "Survey sheet, row 3, column 'choice_filter': This choice filter cannot be read: The word 'region' is not "
        "a column of this choice list (it has area, label, name); to use the answer to a question, write "
        "${region} (at character 1)."
    ]
    with pytest.raises(ExpressionError):
        parse_choice_filter("unknown = 1", {"name"})


def test_a_choice_filter_on_a_question_that_does_not_exist_is_reported():
    problems = problems_in(CASCADE.format(filter="area = ${nowhere}"))
    assert [(problem.row, problem.column) for problem in problems] == [(3, "choice_filter")]


def test_a_choice_filter_may_not_use_a_later_pages_answer():
    text = """
        | survey |
        | | type | name | label | choice_filter |
        | | begin_group | one | One | |
        | | select_one town | town | Town? | area = ${area} |
        | | end_group | | | |
        | | begin_group | two | Two | |
        | | select_one area | area | Area? | |
        | | end_group | | | |
        | choices |
        | | list_name | name | label | area |
        | | area | north | North | |
        | | town | leeds | Leeds | north |
    """
    pyxform_accepts(text)
    [problem] = problems_in(text)
    assert (problem.row, problem.column) == (3, "choice_filter")
    assert "known on a later page (row 6)" in problem.message


# -- select_one_from_file --------------------------------------------------------------------------

FROM_FILE = """
    | survey |
    | | type | name | label |
    | | select_one_from_file towns.csv | town | Town? |
"""


def test_select_one_from_file_takes_its_choices_from_the_csv_uploaded_beside_it():
    pyxform_accepts(FROM_FILE)
    definition = read_md(FROM_FILE, {"towns.csv": b"name,label\nleeds,Leeds\nyork,York\n"}).definition
    town = definition.question("town")
    assert town.kind is QuestionKind.SINGLE_CHOICE
    assert [choice.label for choice in definition.choices_for(town)] == ["Leeds", "York"]


def test_select_one_from_file_without_its_file_says_to_upload_it():
    [problem] = problems_in(FROM_FILE)
    assert str(problem) == (
        "Survey sheet, row 2, column 'type': This question takes its choices from 'towns.csv'. Upload that file "
        "with the form, in 'Files the form uses'."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("name,label\nleeds,Leeds\n".encode("utf-16"), "'towns.csv' is not saved as UTF-8 text."),
        (b"name,label\nlee\x00ds,Leeds\n", "'towns.csv' holds a NUL character"),
        (b"code,label\nleeds,Leeds\n", "'towns.csv' has no 'name' column."),
        (b"name,label\nleeds,Leeds\nleeds,Leeds again\n", "'towns.csv', row 3: the name 'leeds' is already used"),
        (b"name,label\nleeds,\n", "'towns.csv', row 2: every choice needs a label."),
        (b"name,label\nlee ds,Leeds\n", "'towns.csv', row 2: 'lee ds' cannot be a choice's name"),
        (b"name,label\n", "'towns.csv' has a header row but no choices."),
        (b"", "'towns.csv' is empty"),
        (b"name,label\n" + b"x,y\n" * 6000, "'towns.csv' has 6,002 lines"),
        (b"name,label," + b",".join(b"c%d" % n for n in range(60)) + b"\n", "'towns.csv' has 62 columns"),
        (b"name,label\n" + b"a" * (MAX_CHOICE_FILE_BYTES + 1), "'towns.csv' is 2.0 MB"),
    ],
)
def test_a_choices_file_that_cannot_be_used_is_refused_in_plain_words(data, message):
    [problem] = problems_in(FROM_FILE, {"towns.csv": data})
    assert (problem.row, problem.column) == (2, "type")
    assert problem.message.startswith(message), problem.message


def test_a_choices_file_with_a_byte_order_mark_and_other_columns_for_value_and_label_is_read():
    choices = read_choice_file("\ufeffcode,town,area\nLS1,Leeds,north\n".encode(), "t.csv", "code", "town")
    assert choices == [Choice("LS1", "Leeds", (("area", "north"),))]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda text: ("name,label\n" + text).encode()))
def test_any_bytes_give_choices_or_a_clear_refusal_never_a_crash(data):
    try:
        choices = read_choice_file(data, "hostile.csv")
    except ChoiceFileError as error:
        assert str(error).startswith("'hostile.csv'")
        return
    assert choices and len({choice.name for choice in choices}) == len(choices)
    for choice in choices:
        assert choice.name and choice.label and "\x00" not in choice.label and " " not in choice.name


# -- time, dateTime, rank, defaults ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "default", "valid"),
    [
        ("time", "09:30", True),
        ("time", "9.30am", False),
        ("dateTime", "2026-03-01T14:30", True),
        ("dateTime", "2026-02-30T14:30", False),
        ("date", "2026-03-01", True),
        ("integer", "three", False),
        ("select_one yes_no", "yes", True),
        ("select_one yes_no", "maybe", False),
        ("rank yes_no", "no yes", True),
    ],
)
def test_a_default_must_be_an_answer_the_question_could_be_given(kind, default, valid):
    text = f"""
        | survey |
        | | type | name | label | default |
        | | {kind} | q | Question? | {default} |
        | choices |
        | | list_name | name | label |
        | | yes_no | yes | Yes |
        | | yes_no | no | No |
    """
    if valid:
        pyxform_accepts(text)
        assert read_md(text).definition.question("q").default == default
    else:
        assert [(problem.row, problem.column) for problem in problems_in(text)] == [(2, "default")]


def test_a_default_that_is_a_calculation_is_refused_with_a_pointer_to_the_calculation_column():
    [problem] = problems_in(
        """
        | survey |
        | | type | name | label | default |
        | | date | q | When? | today() |
        """
    )
    assert problem.column == "default" and "use the 'calculation' column" in problem.message


# -- calculation and read_only on questions --------------------------------------------------------


def test_calculation_and_read_only_on_any_question_are_kept_as_odk_reads_them():
    definition = read_xlsform(ODK / "calculations.md")
    months = definition.question("months_shown")
    assert (months.kind, months.calculation, months.read_only) == (QuestionKind.WHOLE_NUMBER, "${age} * 12", True)
    greeting = definition.question("greeting")
    assert (greeting.calculation, greeting.read_only) == ("concat('Person aged ', ${age})", False)


def test_read_only_takes_yes_or_no():
    [problem] = problems_in(
        """
        | survey |
        | | type | name | label | read_only |
        | | text | q | Question? | ${x} = 1 |
        """
    )
    assert (problem.row, problem.column) == (2, "read_only")


# -- appearances, harmless columns, refusals -------------------------------------------------------


def test_appearances_carelab_honours_give_no_warning_and_others_are_kept_with_one():
    text = """
        | survey |
        | | type | name | label | appearance |
        | | select_one yes_no | a | A? | minimal |
        | | select_one yes_no | b | B? | horizontal-compact |
        | | select_multiple yes_no | c | C? | columns-3 |
        | | select_one yes_no | d | D? | likert |
        | | text | e | E? | multiline |
        | | select_one yes_no | f | F? | map |
        | choices |
        | | list_name | name | label |
        | | yes_no | yes | Yes |
    """
    pyxform_accepts(text)
    read = read_md(text)
    assert [str(warning) for warning in read.warnings] == [
        "Survey sheet, row 7, column 'appearance': CareLab does not use the appearance 'map' here, so the question "
        "is shown in CareLab's usual way."
    ]
    assert read.definition.question("f").appearance == "map"  # kept, so an exported form gives it back
    assert read.definition.question("e").kind is QuestionKind.LONG_TEXT


def test_required_on_a_group_is_left_out_with_a_warning():
    text = """
        | survey |
        | | type | name | label | required |
        | | begin_group | g | Group | yes |
        | | text | q | Question? | |
        | | end_group | | | |
    """
    pyxform_accepts(text)
    assert warnings_in(text) == [
        "Survey sheet, row 2, column 'required': CareLab does not use 'required' on a section (a group), so it is "
        "left out."
    ]


@pytest.mark.parametrize("kind", ["geopoint", "geotrace", "geoshape", "image", "audio", "video", "file", "barcode"])
def test_location_and_media_questions_stay_refused_naming_the_row_and_column(kind):
    text = f"""
        | survey |
        | | type | name | label |
        | | text | first | First? |
        | | {kind} | q | Question? |
    """
    pyxform_accepts(text)
    [problem] = problems_in(text)
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "type")
    assert f"({kind})" in problem.message


def test_a_picture_beside_a_question_is_refused_naming_the_row_and_column():
    text = """
        | survey |
        | | type | name | label | media::image |
        | | text | q | What does this show? | picture.png |
    """
    pyxform_accepts(text)
    [problem] = problems_in(text)
    assert (problem.row, problem.column) == (2, "media::image")


@pytest.mark.parametrize("setting", ["public_key", "submission_url"])
def test_encryption_and_another_server_stay_refused_naming_the_setting(setting):
    text = f"""
        | survey |
        | | type | name | label |
        | | text | q | Question? |
        | settings |
        | | form_title | {setting} |
        | | Form | https://example.org/abc |
    """
    [problem] = problems_in(text)
    assert (problem.sheet, problem.row, problem.column) == ("settings", 2, setting)
