"""Which answers conditions, validations and calculations may use, given the order a survey is answered in."""

from carelab.lib.answer_order import LaterAnswer, Reason, answer_places, later_answer_reasons, later_answers
from carelab.lib.survey_definition import (
    Choice,
    ChoiceList,
    InstrumentRef,
    Question,
    QuestionKind,
    Section,
    Statement,
    SurveyDefinition,
)


def number(name: str, **expressions) -> Question:
    return Question(QuestionKind.WHOLE_NUMBER, name, f"{name}?", **expressions)


def calculation(name: str, formula: str, **expressions) -> Question:
    return Question(QuestionKind.CALCULATE, name, calculation=formula, **expressions)


def survey(*pages: tuple[Question, ...] | Section) -> SurveyDefinition:
    """A survey of pages: a tuple of questions makes a page named page_1, page_2…; a Section is used as it is."""
    sections = tuple(
        page if isinstance(page, Section) else Section(f"page_{index}", f"Page {index}", questions=page)
        for index, page in enumerate(pages, 1)
    )
    return SurveyDefinition("Survey", "survey", sections=sections)


# -- Answers people give ---------------------------------------------------------------------------


def test_a_question_may_use_answers_from_earlier_pages_and_anywhere_on_its_own_page():
    definition = survey(
        (number("age"),),
        (number("before", relevant="${age} > 1 and ${after} > 1", constraint=". < ${after}"), number("after")),
    )
    assert later_answers(definition) == set()


def test_a_question_condition_on_an_answer_from_a_later_page_is_later():
    definition = survey((number("early", relevant="${pain} > 3"),), (number("pain"),))
    assert later_answer_reasons(definition) == {
        LaterAnswer("question", "early", "pain"): Reason("pain", same_page=False, calculation_too_late=False)
    }


def test_a_validation_on_an_answer_from_a_later_page_is_later():
    definition = survey((number("age", constraint=". > ${pain}"),), (number("pain"),))
    assert later_answers(definition) == {("validation", "age", "pain")}


def test_a_section_condition_may_use_only_earlier_pages():
    definition = survey(
        (number("age"),),
        Section("second", "Second", relevant="${age} > 18 and ${own} > 1", questions=(number("own"),)),
        Section("third", "Third", relevant="${last} > 1"),
        (number("last"),),
    )
    reasons = later_answer_reasons(definition)
    assert reasons == {
        LaterAnswer("section", "second", "own"): Reason("own", same_page=True, calculation_too_late=False),
        LaterAnswer("section", "third", "last"): Reason("last", same_page=False, calculation_too_late=False),
    }


def test_grid_statements_and_other_answers_count_their_questions_page():
    grid = Question(QuestionKind.GRID, "grid", "Agree?", choices_list="yes_no", statements=(Statement("s_one", "One"),))
    roles = Question(QuestionKind.MULTIPLE_CHOICE, "roles", "Roles?", choices_list="yes_no", other_option=True)
    definition = SurveyDefinition(
        "Survey",
        "survey",
        sections=(
            Section("first", questions=(number("x", relevant="${s_one} = 'yes' or ${roles_other} != ''"),)),
            Section("second", questions=(grid, roles)),
        ),
        choice_lists=(ChoiceList("yes_no", (Choice("yes", "Yes"),)),),
    )
    assert later_answers(definition) == {("question", "x", "s_one"), ("question", "x", "roles_other")}


def test_instrument_items_are_given_on_their_instruments_page():
    mood = Section("mood", "Mood", instrument=InstrumentRef("phq8", "1.0"))
    before = survey((number("x", relevant="${phq_1} = '3'"),), mood)
    after = survey(mood, (number("x", relevant="${phq_1} = '3'"),))
    assert later_answers(before) == {("question", "x", "phq_1")}
    assert later_answers(after) == set()
    assert answer_places(after)["phq_8"].page == 0


def test_unknown_names_and_unreadable_expressions_are_left_to_other_checks():
    definition = survey((number("x", relevant="${nobody} > 1", constraint=". > ("),), (number("y"),))
    assert later_answers(definition) == set()


# -- Calculations ----------------------------------------------------------------------------------


def test_a_calculation_may_use_answers_from_any_page_as_it_is_worked_out_again_on_submit():
    definition = survey((calculation("total", "${a} + ${b}"), number("a")), (number("b"),))
    assert later_answers(definition) == set()


def test_a_calculation_may_use_calculations_placed_before_it_even_on_its_own_page():
    definition = survey((number("a"), calculation("double", "${a} * 2")), (calculation("more", "${double} + 1"),))
    assert later_answers(definition) == set()


def test_a_calculation_cannot_use_a_calculation_placed_after_it_or_itself():
    definition = survey(
        (calculation("first", "${second} + 1"), calculation("second", "1"), calculation("again", "${again} + 1")),
    )
    assert later_answer_reasons(definition) == {
        LaterAnswer("calculation", "first", "second"): Reason("second", same_page=True, calculation_too_late=True),
        LaterAnswer("calculation", "again", "again"): Reason("again", same_page=True, calculation_too_late=True),
    }


def test_a_calculations_condition_keeps_the_question_rule_for_answers_people_give():
    definition = survey((calculation("c", "1", relevant="${later} > 1"),), (number("later"),))
    assert later_answers(definition) == {("question", "c", "later")}


def test_a_condition_cannot_use_a_calculation_on_its_own_page_which_is_worked_out_after_the_page_is_checked():
    definition = survey((number("a"), calculation("double", "${a} * 2"), number("x", relevant="${double} > 10")))
    assert later_answer_reasons(definition) == {
        LaterAnswer("question", "x", "double"): Reason("double", same_page=True, calculation_too_late=True)
    }


def test_a_condition_may_use_a_calculation_from_an_earlier_page_made_of_earlier_answers():
    definition = survey(
        (number("a"), calculation("double", "${a} * 2")),
        (number("x", relevant="${double} > 10", constraint=". < ${double}"),),
        Section("third", "Third", relevant="${double} > 4"),
    )
    assert later_answers(definition) == set()


def test_a_condition_cannot_use_a_calculation_worked_out_from_an_answer_not_yet_given():
    definition = survey(
        (number("a"), calculation("total", "${a} + ${plus_one}"), calculation("plus_one", "${b} + 1")),
        (number("x", relevant="${total} > 10"),),
        (number("b"),),
        Section("fourth", "Fourth", relevant="${total} > 1"),
    )
    reasons = later_answer_reasons(definition)
    assert reasons[LaterAnswer("question", "x", "total")] == Reason("b", same_page=False, calculation_too_late=False)
    assert ("section", "fourth", "total") not in reasons  # b is given on the third page, before the fourth
    assert ("calculation", "total", "plus_one") in reasons  # placed after the calculation that uses it


def test_calculations_that_use_each_other_are_reported_without_looping():
    definition = survey((calculation("a", "${b}"), calculation("b", "${a}")), (number("x", relevant="${a} > 1"),))
    assert later_answers(definition) == {("calculation", "a", "b")}


def test_each_later_answer_names_its_xlsform_column():
    assert [LaterAnswer(where, "o", "n").column for where in ("section", "question", "validation", "calculation")] == [
        "relevant",
        "relevant",
        "constraint",
        "calculation",
    ]
