"""XLSForms in several languages, written as ODK and KoBoToolbox users write them.

pyxform is the oracle: every form here is one pyxform converts, and the words CareLab shows in each
language are the ones pyxform puts in that language's translation (or the default's, where a
translation is missing). The forms are in carelab/lib/tests/xlsforms: ``languages_kobo.csv``
(English, Cymraeg and Polski, the default set in the settings sheet) and ``languages_odk.csv``
(the colours example of ODK's "Form language" page, in English, Español and Cymraeg).
"""

import csv
from io import BytesIO, StringIO
from pathlib import Path
from textwrap import dedent

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, get_xlsform
from pyxform.xls2xform import convert

from carelab.lib import xlsform_limits as limits
from carelab.lib.survey_definition import SurveyDefinition, definition_from_dict, definition_to_dict
from carelab.lib.survey_languages import (
    find_language,
    language_code,
    language_name,
    language_parameter,
    localised,
    text_direction,
    with_default_language,
)
from carelab.lib.xlsform import XLSFormError, _nul_problem, read_xlsform, write_xlsform

FORMS = Path(__file__).parent / "xlsforms"
KOBO, ODK = FORMS / "languages_kobo.csv", FORMS / "languages_odk.csv"
WELSH, ENGLISH, POLISH, SPANISH = "Cymraeg (cy)", "English (en)", "Polski (pl)", "Español (es)"


def xlsx_from_csv(path: Path) -> bytes:
    """The same form as an .xlsx workbook: pyxform's CSV layout has each sheet's name on a row of its own."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    sheet = None
    for row in csv.reader(StringIO(path.read_text(encoding="utf-8"))):
        if row and row[0]:
            sheet = workbook.create_sheet(row[0])
        elif sheet is not None and any(row):
            sheet.append([cell or None for cell in row[1:]])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def read_md(text: str) -> SurveyDefinition:
    return read_xlsform(dedent(text).encode(), "form.md")


def problems_of(source: bytes, filename: str = "form.md") -> list[str]:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(source, filename)
    return [str(problem) for problem in caught.value.problems]


def round_trip(definition: SurveyDefinition) -> SurveyDefinition:
    return read_xlsform(write_xlsform(definition), "exported.xlsx")


@pytest.fixture(scope="module")
def kobo() -> SurveyDefinition:
    return read_xlsform(KOBO)


@pytest.fixture(scope="module")
def odk() -> SurveyDefinition:
    return read_xlsform(ODK)


# --- Reading ----------------------------------------------------------------------------------------


def test_the_languages_are_those_of_the_columns_in_order_with_the_settings_default(kobo):
    assert kobo.languages == (ENGLISH, WELSH, POLISH)
    assert kobo.default_language == ENGLISH
    assert [translation.language for translation in kobo.translations] == [WELSH, POLISH]


def test_the_definitions_own_words_stay_in_the_default_language(kobo):
    question = kobo.question("pain_years")
    assert question.label == "For how many years have you had this pain?"
    assert question.constraint_message == "Enter a number of years from 0 to 90"
    assert kobo.choice_list("yes_no").choice("no").label == "No"


@pytest.mark.parametrize("source", ["csv", "xlsx"])
def test_a_form_reads_the_same_from_csv_and_xlsx(kobo, source):
    read = read_xlsform(KOBO) if source == "csv" else read_xlsform(xlsx_from_csv(KOBO), "kobo.xlsx")
    assert read == kobo


def test_every_kind_of_words_is_shown_in_welsh(kobo):
    welsh = localised(kobo, WELSH)
    about = welsh.sections[1]
    assert (about.title, about.intro) == (
        "Amdanoch chi",
        "Mae'r cwestiynau hyn yn ein helpu i ddeall pwy sydd wedi cymryd rhan.",
    )
    lives_with_pain = welsh.question("lives_with_pain")
    assert lives_with_pain.label == "Ydych chi'n byw gyda phoen cefn neu wddf parhaus?"
    assert lives_with_pain.required_message == "Atebwch y cwestiwn hwn, os gwelwch yn dda"
    assert welsh.question("pain_years").constraint_message == "Rhowch nifer o flynyddoedd o 0 i 90"
    scale = welsh.question("pain_today").scale
    assert (scale.min_label, scale.max_label) == ("Dim poen", "Y boen waethaf bosibl")
    assert [choice.label for choice in welsh.choice_list("yes_no").choices] == ["Ydw", "Nac ydw"]


def test_words_missing_in_a_language_fall_back_to_the_default_language(kobo):
    polish = localised(kobo, POLISH)
    assert polish.question("what_helped").label == "Co pomogło Ci najbardziej?"
    assert polish.question("what_helped").hint == kobo.question("what_helped").hint  # no Polish hint
    assert polish.choice_list("support").choice("friends").label == "Friends and family"


def test_showing_the_default_language_or_one_the_form_lacks_changes_nothing(kobo):
    assert localised(kobo, ENGLISH) == kobo
    assert localised(kobo, "Klingon (tlh)") == kobo


def test_without_a_setting_the_first_language_is_the_default_as_in_odk_collect(odk):
    assert odk.languages == (ENGLISH, SPANISH, WELSH)
    assert odk.default_language == ENGLISH
    assert localised(odk, SPANISH).question("color_prefs").constraint_message == "Seleccione exactamente tres."


def test_plain_columns_beside_language_columns_are_pyxforms_default_language():
    definition = read_md(
        """
        | survey |
        |        | type | name | label         | label::Cymraeg (cy) |
        |        | text | town | Where do you live? | Ble rydych chi'n byw? |
        """
    )
    assert definition.languages == ("default", WELSH)
    assert definition.default_language == "default"
    assert definition.question("town").label == "Where do you live?"


def test_the_default_language_setting_names_the_plain_columns_and_its_own_column_wins():
    definition = read_md(
        """
        | settings |
        |          | default_language |
        |          | English (en)     |
        | survey |
        |        | type | name  | label      | label::English (en) | label::Cymraeg (cy) |
        |        | text | town  | Town       | Your town           | Eich tref           |
        |        | text | name_ | First name |                     | Enw cyntaf          |
        """
    )
    assert definition.languages == (ENGLISH, WELSH)
    assert [question.label for question in definition.questions()] == ["Your town", "First name"]


def test_a_language_without_a_code_is_read_and_still_marked_for_screen_readers():
    definition = read_md(
        """
        | survey |
        |        | type | name | label::English     | label::Welsh          |
        |        | text | town | Where do you live? | Ble rydych chi'n byw? |
        """
    )
    assert definition.languages == ("English", "Welsh")
    assert [language_code(language) for language in definition.languages] == ["en", "cy"]


def test_a_form_in_one_named_language_keeps_its_name():
    definition = read_md(
        """
        | survey |
        |        | type | name | label::Cymraeg (cy)   |
        |        | text | town | Ble rydych chi'n byw? |
        """
    )
    assert (definition.languages, definition.default_language) == ((WELSH,), WELSH)
    assert definition.question("town").label == "Ble rydych chi'n byw?"
    assert round_trip(definition) == definition


def test_a_form_in_one_unnamed_language_has_no_languages_and_is_stored_as_before():
    definition = read_md(
        """
        | survey |
        |        | type | name | label              |
        |        | text | town | Where do you live? |
        """
    )
    assert (definition.languages, definition.translations) == ((), ())
    assert "languages" not in definition_to_dict(definition)


def test_old_single_colon_language_columns_are_read_as_pyxform_reads_them():
    definition = read_md(
        """
        | survey |
        |        | type | name | label:English      | label:Cymraeg         |
        |        | text | town | Where do you live? | Ble rydych chi'n byw? |
        """
    )
    assert definition.languages == ("English", "Cymraeg")


def test_piped_answers_in_a_translation_must_name_a_question():
    problems = problems_of(
        dedent(
            """
            | survey |
            |        | type | name | label::English (en) | label::Cymraeg (cy)  |
            |        | text | town | Your town?          | Eich tref, ${nobody}? |
            """
        ).encode()
    )
    assert problems == ["Survey sheet, row 2, column 'label::Cymraeg (cy)': There is no question named 'nobody'."]


# --- pyxform as the oracle ----------------------------------------------------------------------------


def _pyxform_words(path_or_bytes, filename: str) -> tuple[dict, dict, str]:
    """pyxform's labels and hints by question name, its choice labels by (list, name), and its default language."""
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    form = workbook_to_json(get_xlsform(BytesIO(data), file_type=Path(filename).suffix), warnings=[])
    words: dict = {}

    def walk(element):
        for child in element.get("children", []):
            words[child["name"]] = {column: child.get(column) for column in ("label", "hint")}
            walk(child)

    walk(form)
    choices = {
        (list_name, choice["name"]): choice["label"]
        for list_name, items in form.get("choices", {}).items()
        for choice in items
    }
    return words, choices, form["default_language"]


def _in(value, language: str, plain_language: str) -> str | None:
    if isinstance(value, dict):
        return value.get(language)
    return value if language == plain_language else None


@pytest.mark.parametrize("path", [KOBO, ODK], ids=["kobo", "odk"])
def test_each_language_shows_the_words_pyxform_gives_it_or_the_default_languages(path):
    definition = read_xlsform(path)
    exported = write_xlsform(definition)
    for source, filename in ((path, path.name), (exported, "exported.xlsx")):
        words, choices, plain_language = _pyxform_words(source, filename)
        for language in definition.languages:
            shown = localised(definition, language)
            for question in definition.questions():
                for column in ("label", "hint"):
                    expected = _in(words[question.name][column], language, plain_language)
                    assert getattr(shown.question(question.name), column) == (expected or getattr(question, column)), (
                        filename,
                        language,
                        question.name,
                        column,
                    )
            for (list_name, name), label in choices.items():
                expected = _in(label, language, plain_language)
                got = shown.choice_list(list_name).choice(name).label
                assert got == (expected or definition.choice_list(list_name).choice(name).label)


@pytest.mark.parametrize("path", [KOBO, ODK], ids=["kobo", "odk"])
def test_pyxform_converts_the_exported_form_without_warnings_about_languages(path, tmp_path):
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(write_xlsform(read_xlsform(path)))
    result = convert(xlsform=str(exported), validate=False)
    assert not [warning for warning in result.warnings if "language" in warning.lower()]
    for language in read_xlsform(path).languages:
        assert f'lang="{language}"' in result.xform


# --- Writing and reading back -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [KOBO, ODK], ids=["kobo", "odk"])
def test_import_export_import_keeps_every_language(path):
    definition = read_xlsform(path)
    assert round_trip(definition) == definition
    assert round_trip(round_trip(definition)) == definition


def test_the_export_writes_a_column_per_language_and_the_default_language_setting(kobo):
    workbook = openpyxl.load_workbook(BytesIO(write_xlsform(kobo)))
    header = [cell.value for cell in workbook["survey"][1]]
    assert header[:5] == ["type", "name", "label::English (en)", "label::Cymraeg (cy)", "label::Polski (pl)"]
    assert "constraint_message::Cymraeg (cy)" in header and "label" not in header
    assert [cell.value for cell in workbook["choices"][1]] == [
        "list_name",
        "name",
        *(f"label::{x}" for x in kobo.languages),
    ]
    settings_sheet = workbook["settings"]
    assert (
        dict(zip((c.value for c in settings_sheet[1]), (c.value for c in settings_sheet[2]), strict=True))[
            "default_language"
        ]
        == ENGLISH
    )


def test_pyxforms_default_language_round_trips_as_a_column_of_its_own():
    definition = read_md(
        """
        | survey |
        |        | type | name | label              | label::Cymraeg (cy)   |
        |        | text | town | Where do you live? | Ble rydych chi'n byw? |
        """
    )
    assert round_trip(definition) == definition
    welsh_first = with_default_language(definition, WELSH)
    assert round_trip(welsh_first) == welsh_first


def test_a_new_default_language_takes_the_old_defaults_words_where_it_has_none(kobo):
    polish_first = with_default_language(kobo, POLISH)
    assert polish_first.default_language == POLISH
    assert polish_first.question("pain_today").label == "Jak silny jest dziś Twój ból?"
    assert polish_first.question("what_helped").hint == kobo.question("what_helped").hint
    assert localised(polish_first, ENGLISH).question("pain_today").label == "How bad is your pain today?"
    welsh_before, welsh_after = localised(kobo, WELSH), localised(polish_first, WELSH)
    assert [q.label for q in welsh_after.questions()] == [q.label for q in welsh_before.questions()]
    assert round_trip(polish_first) == polish_first


def test_stored_json_keeps_the_languages(kobo):
    assert definition_from_dict(definition_to_dict(kobo)) == kobo


# --- Names and codes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "code", "name", "direction"),
    [
        ("Cymraeg (cy)", "cy", "Cymraeg", "ltr"),
        ("English (en-GB)", "en-GB", "English", "ltr"),
        ("English", "en", "English", "ltr"),
        ("Polski (pl)", "pl", "Polski", "ltr"),
        ("العربية (ar)", "ar", "العربية", "rtl"),
        ("Elvish (xx)", "", "Elvish", "ltr"),  # not a registered code: no lang attribute rather than a wrong one
        ("default", "", "Default", "ltr"),
    ],
)
def test_a_languages_code_name_and_direction(language, code, name, direction):
    assert (language_code(language), language_name(language), text_direction(language)) == (code, name, direction)


def test_a_link_names_a_language_by_its_code_unless_two_languages_share_it(kobo):
    assert language_parameter(kobo, WELSH) == "cy"
    assert find_language(kobo, "cy") == find_language(kobo, WELSH) == WELSH
    assert find_language(kobo, "fr") is None
    shared = SurveyDefinition("t", "t", languages=("English (en)", "Saesneg (en)"), default_language="English (en)")
    assert language_parameter(shared, "Saesneg (en)") == "Saesneg (en)"
    assert find_language(shared, "en") is None


# --- Hostile input --------------------------------------------------------------------------------------


def test_a_question_without_words_in_the_default_language_is_refused_naming_it():
    problems = problems_of(
        dedent(
            """
            | survey |
            |        | type | name | label::English (en) | label::Cymraeg (cy)   |
            |        | text | name | Your name?          | Eich enw?             |
            |        | text | town |                     | Ble rydych chi'n byw? |
            """
        ).encode()
    )
    assert problems == [
        "Survey sheet, row 3, column 'label': This question needs a label in 'English (en)', the form's default "
        "language (other languages fall back to it): the words a person answers."
    ]


def test_a_default_language_no_column_uses_is_refused_listing_the_forms_languages():
    problems = problems_of(
        dedent(
            """
            | settings |
            |          | default_language |
            |          | Cymraeg(cy)      |
            | survey |
            |        | type | name | label::English (en) | label::Cymraeg (cy)   |
            |        | text | town | Where do you live?  | Ble rydych chi'n byw? |
            """
        ).encode()
    )
    assert len(problems) == 1
    assert problems[0].startswith("Settings sheet, column 'default_language': The default language is 'Cymraeg(cy)'")
    assert "'English (en)', 'Cymraeg (cy)'" in problems[0]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("label::", "The language after '::' is missing"),
        ("label::English::Welsh", "holds '::' again"),
        ("label::Cym\u202eraeg", "invisible control character"),
        ("label::Cym\x07raeg", "invisible control character"),
        ("label::" + "x" * 81, "is 81 characters long"),
    ],
)
def test_odd_language_names_are_refused_with_a_clear_message(header, message):
    text = f"survey\n,type,name,label,{header}\n,text,town,Where do you live?,Ble?\n"
    problems = problems_of(text.encode(), "form.csv")
    assert any(message in problem and "row 1" in problem for problem in problems), problems


def test_a_nul_character_in_a_language_column_is_refused_before_reading():
    text = "survey\n,type,name,label,label::Cym\x00raeg\n,text,town,Where?,Ble?\n"
    assert problems_of(text.encode(), "form.csv") == [
        "Line 2 holds a NUL character (an invisible control character), which CareLab cannot store. "
        "Remove it, or save the form again from your spreadsheet program."
    ]


def test_a_nul_character_in_a_column_name_read_from_an_xlsx_is_refused():
    """An .xlsx's shared strings write a NUL as _x0000_, which openpyxl turns back into one."""
    workbook = DefinitionData(survey=[{"type": "text", "name": "town", "label": "A", "label::Cym\x00raeg": "B"}])
    assert _nul_problem(workbook) == (
        "Survey sheet, row 1: a column's name holds a NUL character (an invisible control character), which "
        "CareLab cannot store. Remove it and try again."
    )


def _many_languages(count: int) -> bytes:
    languages = [f"Language {number}" for number in range(count)]
    header = ",".join(f"label::{language}" for language in languages)
    words = ",".join(f"Words {number}" for number in range(count))
    return f"survey\n,type,name,{header}\n,text,town,{words}\n".encode()


def test_five_hundred_languages_are_refused_by_the_column_limit():
    assert problems_of(_many_languages(500), "form.csv") == [
        f"Line 2 has 503 columns; an XLSForm may have at most {limits.MAX_COLUMNS}."
    ]


def test_more_languages_than_carelab_shows_are_refused_with_a_clear_message():
    problems = problems_of(_many_languages(limits.MAX_LANGUAGES + 1), "form.csv")
    assert problems == [
        f"Survey sheet: The form has {limits.MAX_LANGUAGES + 1} languages; CareLab can show a survey in at most "
        f"{limits.MAX_LANGUAGES}. Remove the columns of the languages you do not need."
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(language=st.text(min_size=0, max_size=90))
def test_any_language_name_is_read_and_written_back_or_refused_with_a_message(language):
    rows = [["survey"], ["", "type", "name", "label", f"label::{language}"], ["", "text", "town", "Where?", "Ble?"]]
    text = StringIO()
    csv.writer(text).writerows(rows)
    try:
        definition = read_xlsform(text.getvalue().encode(), "form.csv")
    except XLSFormError as error:
        assert error.problems and all(problem.message for problem in error.problems)
        return
    assert round_trip(definition) == definition
