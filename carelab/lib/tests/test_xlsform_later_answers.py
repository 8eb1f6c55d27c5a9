"""XLSForm import refuses expressions that use answers given later, and other things CareLab cannot honour."""

from textwrap import dedent

import pytest

from carelab.lib.survey_definition import InstrumentRef, Question, QuestionKind, Section, SurveyDefinition
from carelab.lib.xlsform import XLSFormError, read_xlsform, write_xlsform

HEADER = """
| survey |
| | type | name | label | relevant | constraint | calculation | carelab_instrument |
"""


def form(*rows: str, extra: str = "") -> bytes:
    lines = [f"| | {' | '.join(cells.split(';'))} |" for cells in rows]
    return (dedent(HEADER) + "\n".join(lines) + "\n" + dedent(extra)).encode()


def problems(*rows: str, extra: str = "") -> list[str]:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(form(*rows, extra=extra), "form.md")
    return [str(problem) for problem in caught.value.problems]


def round_trip(definition: SurveyDefinition) -> SurveyDefinition:
    return read_xlsform(write_xlsform(definition), "exported.xlsx")


# Rows: type; name; label; relevant; constraint; calculation; carelab_instrument
PAGE_ONE = "begin_group;one;One;;;;"
PAGE_TWO = "begin_group;two;Two;;;;"
END = "end_group;;;;;;"


def test_a_condition_on_an_answer_asked_on_a_later_page_is_refused_naming_both_rows():
    assert problems(
        PAGE_ONE,
        "integer;age;Age?;${pain_score} > 3;;;",
        END,
        PAGE_TWO,
        "integer;pain_score;Pain?;;;;",
        END,
    ) == [
        "Survey sheet, row 3, column 'relevant': This condition uses ${pain_score}, which is asked on a later page "
        "(row 6). Each top-level group is one page, and a question's condition can only use answers from its own "
        "page or earlier ones."
    ]


def test_a_validation_on_a_later_answer_is_refused_in_the_constraint_column():
    assert problems("integer;age;Age?;;. > ${later};;", PAGE_TWO, "integer;later;Later?;;;;", END) == [
        "Survey sheet, row 2, column 'constraint': This validation uses ${later}, which is asked on a later page "
        "(row 4). Each top-level group is one page, and a question's validation can only use answers from its own "
        "page or earlier ones."
    ]


def test_a_section_condition_on_its_own_questions_is_refused_on_its_begin_group_row():
    assert problems("begin_group;one;One;${age} > 3;;;", "integer;age;Age?;;;;", END) == [
        "Survey sheet, row 2, column 'relevant': This section's condition uses ${age}, which is asked in this "
        "section (row 3). A section's condition can only use answers from earlier sections."
    ]


def test_a_calculation_that_uses_a_calculation_on_a_row_below_is_refused_in_the_calculation_column():
    assert problems("calculate;total;;;;${double} + 1;", "integer;a;A?;;;;", "calculate;double;;;;${a} * 2;") == [
        "Survey sheet, row 2, column 'calculation': This calculation uses ${double}, a calculation that is not "
        "worked out before it (row 4). Calculations are worked out in the order of their rows, so a calculation "
        "can only use calculations on rows above it."
    ]


def test_a_condition_on_a_calculation_on_its_own_page_is_refused():
    assert problems("integer;a;A?;;;;", "calculate;double;;;;${a} * 2;", "text;why;Why?;${double} > 10;;;") == [
        "Survey sheet, row 4, column 'relevant': This condition uses ${double}, a calculation on the same page "
        "(row 3) that is worked out only once the page is saved. A question's condition can only use calculations "
        "from earlier pages."
    ]


def test_a_condition_on_a_calculation_made_from_a_later_answer_names_that_answer():
    assert problems(
        PAGE_ONE,
        "calculate;total;;;;${a} + ${b};",
        "integer;a;A?;;;;",
        END,
        PAGE_TWO,
        "text;why;Why?;${total} > 10;;;",
        "integer;b;B?;;;;",
        END,
    ) == [
        "Survey sheet, row 7, column 'relevant': This condition uses ${total} (row 3), which is worked out from "
        "${b}, asked on the same page (row 8). A question's condition can only use calculations worked out from "
        "earlier pages."
    ]


def test_every_later_answer_is_reported_with_the_forms_other_problems_and_nothing_is_returned():
    reported = problems(
        "integer;age;Age?;${later} > 1;. > ${later};;",
        "geopoint;where;Where?;;;;",
        PAGE_TWO,
        "integer;later;Later?;;;;",
        END,
    )
    assert [line.split(":")[0] for line in reported] == [
        "Survey sheet, row 2, column 'constraint'",
        "Survey sheet, row 2, column 'relevant'",
        "Survey sheet, row 3, column 'type'",
    ]


def test_answers_from_earlier_pages_and_anywhere_on_the_same_page_are_accepted():
    definition = read_xlsform(
        form(
            PAGE_ONE,
            "integer;age;Age?;${pain} > 1;. < ${pain};;",
            "integer;pain;Pain?;;;;",
            "calculate;double;;;;${pain} * 2;",
            "calculate;total;;;;${double} + ${later};",
            END,
            "begin_group;two;Two;${double} > 2;;;",
            "text;why;Why?;${age} > 3 and ${double} > 4;string-length(.) < ${age};;",
            "integer;later;Later?;;;;",
            END,
        ),
        "form.md",
    )
    assert [question.name for question in definition.questions()] == ["age", "pain", "double", "total", "why", "later"]


# -- Instrument items --------------------------------------------------------------------------------


def test_a_condition_on_an_instrument_item_from_an_earlier_section_is_accepted():
    definition = read_xlsform(form("begin_group;mood;Mood;;;;phq8@1.0", END, "text;why;Why?;${phq_1} = '3';;;"), "f.md")
    assert definition.question("why").relevant == "${phq_1} = '3'"


def test_a_condition_on_an_instrument_item_asked_later_is_refused_at_the_instruments_row():
    assert problems("text;why;Why?;${phq_1} = '3';;;", "begin_group;mood;Mood;;;;phq8@1.0", END) == [
        "Survey sheet, row 2, column 'relevant': This condition uses ${phq_1}, which is asked on a later page "
        "(row 3). Each top-level group is one page, and a question's condition can only use answers from its own "
        "page or earlier ones."
    ]


# -- Export and import ---------------------------------------------------------------------------------


ABOUT_YOU = Section(
    "about_you",
    "About you",
    questions=(
        Question(QuestionKind.WHOLE_NUMBER, "pain_years", "For how many years?"),
        Question(QuestionKind.CALCULATE, "long_pain", calculation="if(${pain_years} >= 3, 'yes', 'no')"),
    ),
)
MOOD = Section("mood", "Mood", instrument=InstrumentRef("phq8", "1.0"))


def test_a_survey_with_conditions_on_earlier_pages_survives_export_and_import():
    definition = SurveyDefinition(
        "Earlier",
        "earlier",
        sections=(
            ABOUT_YOU,
            MOOD,
            Section(
                "more",
                "More",
                relevant="${pain_years} > 1 and ${long_pain} = 'yes'",
                questions=(
                    Question(
                        QuestionKind.SHORT_TEXT,
                        "what_helped",
                        "What helped?",
                        relevant="${long_pain} = 'yes' and ${phq_1} != ''",
                        constraint="string-length(.) <= ${pain_years} * 100",
                    ),
                ),
            ),
        ),
    )
    assert round_trip(definition) == definition


def test_a_calculation_that_uses_a_later_answer_survives_export_and_import():
    total = Question(QuestionKind.CALCULATE, "total", calculation="${pain_years} + ${phq_1}")
    start = Section("start", "Start", questions=(total,))
    definition = SurveyDefinition("Total", "total", sections=(start, ABOUT_YOU, MOOD))
    assert round_trip(definition) == definition


def test_an_exported_survey_with_a_condition_on_a_later_answer_is_refused_on_import():
    early = Question(QuestionKind.SHORT_TEXT, "early", "Early?", relevant="${pain_years} > 1")
    definition = SurveyDefinition("Early", "early", sections=(Section("start", "Start", questions=(early,)), ABOUT_YOU))
    with pytest.raises(XLSFormError) as caught:
        round_trip(definition)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "relevant")]


# -- Other things CareLab cannot honour -----------------------------------------------------------------


def test_an_entities_sheet_is_refused():
    reported = problems(
        "text;town;Town?;;;;",
        extra="""
        | entities |
        |          | list_name | label   |
        |          | towns     | ${town} |
        """,
    )
    assert reported == ["Entities sheet, row 2: CareLab does not support entities. Remove the entities sheet."]


@pytest.mark.parametrize(
    ("column", "words"),
    [("public_key", "cannot encrypt answers"), ("submission_url", "keeps the answers itself")],
)
def test_settings_that_send_or_encrypt_answers_elsewhere_are_refused(column, words):
    reported = problems(
        "text;town;Town?;;;;",
        extra=f"""
        | settings |
        |          | form_title | {column} |
        |          | Towns      | abc123   |
        """,
    )
    assert len(reported) == 1
    assert reported[0].startswith(f"Settings sheet, row 2, column '{column}': CareLab {words}")
