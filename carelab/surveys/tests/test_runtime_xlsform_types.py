"""The runtime's rules for choice filters, read-only and worked-out answers, rankings and drop-downs."""

from datetime import date

from carelab.lib.survey_definition import Choice, ChoiceList, Question, QuestionKind, Section, SurveyDefinition
from carelab.surveys.runtime import SurveyPages, live_readings, worked_out_answer

TOWNS = ChoiceList(
    "towns",
    (
        Choice("leeds", "Leeds", (("area", "north"),)),
        Choice("york", "York", (("area", "north"),)),
        Choice("bath", "Bath", (("area", "south"),)),
    ),
)
AREAS = ChoiceList("areas", (Choice("north", "North"), Choice("south", "South")))


def pages(*questions: Question, first: tuple[Question, ...] = ()) -> SurveyPages:
    area = Question(QuestionKind.SINGLE_CHOICE, "area", "Area?", choices_list="areas", appearance="minimal")
    definition = SurveyDefinition(
        "Towns",
        "towns",
        sections=(Section("one", questions=(area, *first)), Section("two", questions=questions)),
        choice_lists=(AREAS, TOWNS),
    )
    return SurveyPages(definition, today=date(2026, 3, 1))


def test_a_filter_on_an_earlier_page_offers_only_the_choices_it_keeps():
    town = Question(QuestionKind.SINGLE_CHOICE, "town", "Town?", choices_list="towns", choice_filter="area = ${area}")
    survey = pages(town)
    [field] = survey.fields(survey.sections[1], {"area": "south"})
    assert field.choices == (("bath", "Bath"),)
    assert survey.fields(survey.sections[1], {})[0].choices == ()


def test_a_filter_that_cannot_be_read_offers_every_choice():
    town = Question(QuestionKind.SINGLE_CHOICE, "town", "Town?", choices_list="towns", choice_filter="county = 'x'")
    survey = pages(town)
    assert len(survey.fields(survey.sections[1], {"area": "south"})[0].choices) == 3


def test_answers_a_changed_earlier_answer_no_longer_allows_are_dropped():
    towns = Question(
        QuestionKind.MULTIPLE_CHOICE, "towns", "Towns?", choices_list="towns", choice_filter="area = ${area}"
    )
    ranked = Question(QuestionKind.RANK, "ranked", "Order?", choices_list="towns", choice_filter="area = ${area}")
    survey = pages(towns, ranked)
    kept = survey.prune({"area": "north", "towns": ["leeds", "bath"], "ranked": ["york", "leeds"]})
    assert kept["towns"] == ["leeds"] and kept["ranked"] == ["york", "leeds"]
    assert "ranked" not in survey.prune({"area": "south", "ranked": ["york", "leeds"]})


def test_a_read_only_answer_is_worked_out_on_every_save_in_the_questions_own_type():
    months = Question(QuestionKind.WHOLE_NUMBER, "months", "Months", calculation="${years} * 12", read_only=True)
    years = Question(QuestionKind.DECIMAL, "years", "Years?")
    survey = pages(months, first=(years,))
    assert survey.prune({"years": 2, "months": 999})["months"] == 24
    assert "months" not in survey.prune({"months": 999})


def test_a_worked_out_answer_comes_from_the_calculation_else_the_default():
    with_calculation = Question(QuestionKind.SHORT_TEXT, "q", "Q?", calculation="concat('a', ${x})", default="b")
    assert worked_out_answer(with_calculation, {"x": "1"}, date(2026, 3, 1)) == "a1"
    assert worked_out_answer(Question(QuestionKind.TIME, "t", "T?", default="07:30"), {}, date(2026, 3, 1)) == "07:30"


def test_live_conditions_read_a_drop_down_and_leave_read_only_and_new_kinds_to_the_server():
    survey = pages()
    area = survey.sections[0].questions[0]
    assert live_readings(area) == {"area": "select"}
    assert live_readings(Question(QuestionKind.SHORT_TEXT, "n", read_only=True)) == {"n": "worked-out"}
    assert live_readings(Question(QuestionKind.RANK, "r", choices_list="towns")) == {"r": "rank"}
