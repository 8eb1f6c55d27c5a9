from pathlib import Path

import pytest

from carelab.lib.survey_definition import (
    InstrumentRef,
    Question,
    QuestionKind,
    Scale,
    Section,
    Statement,
    SurveyDefinition,
)
from carelab.lib.survey_time import estimate_minutes, estimate_seconds
from carelab.lib.xlsform import read_xlsform


def survey(*questions: Question, sections: tuple[Section, ...] = ()) -> SurveyDefinition:
    return SurveyDefinition("A survey", "a_survey", sections=(Section("", questions=questions), *sections))


def words(count: int) -> str:
    return " ".join(["word"] * count)


@pytest.mark.parametrize(
    ("question", "seconds"),
    [
        (Question(QuestionKind.SINGLE_CHOICE, "q", "Q?", choices_list="l"), 8),
        (Question(QuestionKind.MULTIPLE_CHOICE, "q", "Q?", choices_list="l", other_option=True), 12),
        (Question(QuestionKind.WHOLE_NUMBER, "q", "Q?"), 10),
        (Question(QuestionKind.DECIMAL, "q", "Q?"), 10),
        (Question(QuestionKind.DATE, "q", "Q?"), 10),
        (Question(QuestionKind.SCALE, "q", "Q?", scale=Scale()), 6),
        (Question(QuestionKind.SHORT_TEXT, "q", "Q?"), 30),
        (Question(QuestionKind.LONG_TEXT, "q", "Q?"), 90),
        (Question(QuestionKind.CALCULATE, "q", calculation="1 + 1"), 0),
    ],
)
def test_each_kind_of_question_takes_the_seconds_the_rule_gives(question, seconds):
    assert estimate_seconds(survey(question)) == seconds


def test_a_grid_takes_five_seconds_for_each_statement():
    statements = tuple(Statement(f"s{index}", f"Statement {index}") for index in range(7))
    grid = Question(QuestionKind.GRID, "grid", "Agree?", choices_list="l", statements=statements)
    assert estimate_seconds(survey(grid)) == 35


def test_information_is_read_at_200_words_a_minute_label_and_hint_together():
    note = Question(QuestionKind.INFORMATION, "note", words(150), hint=words(50))
    assert estimate_seconds(survey(note)) == 60


def test_a_section_intro_is_read_at_the_same_pace():
    intro_only = Section("page", "A page", intro=words(100))
    assert estimate_seconds(survey(sections=(intro_only,))) == 30


def test_an_instrument_takes_six_seconds_an_item_as_the_registry_counts_them():
    gad7 = Section("mood", "Mood", instrument=InstrumentRef("gad7", "1.0"))
    assert estimate_seconds(survey(sections=(gad7,)), {("gad7", "1.0"): 7}) == 42


def test_an_instruments_instructions_are_read_at_200_words_a_minute_before_its_items():
    gad7 = Section("mood", "Mood", instrument=InstrumentRef("gad7", "1.0"))
    seconds = estimate_seconds(survey(sections=(gad7,)), {("gad7", "1.0"): 7}, {("gad7", "1.0"): words(20)})
    assert seconds == 42 + 6


def test_an_instrument_the_caller_does_not_count_is_taken_as_nine_items_so_the_estimate_errs_long():
    unknown = Section("mood", "Mood", instrument=InstrumentRef("wemwbs", "2.0"))
    assert estimate_seconds(survey(sections=(unknown,)), {("gad7", "1.0"): 7}) == 54


def test_minutes_round_up_so_61_seconds_is_2_minutes():
    questions = [Question(QuestionKind.WHOLE_NUMBER, f"n{index}", "N?") for index in range(6)]
    one_choice = Question(QuestionKind.SINGLE_CHOICE, "c", "C?", choices_list="l")
    assert estimate_minutes(survey(*questions)) == 1  # 60 s
    assert estimate_minutes(survey(*questions, one_choice)) == 2  # 68 s


def test_reading_time_that_adds_up_to_exactly_a_minute_is_one_minute():
    notes = [Question(QuestionKind.INFORMATION, f"n{index}", words(20)) for index in range(10)]  # 10 x 6 s
    assert estimate_minutes(survey(*notes)) == 1


def test_a_survey_of_only_hidden_calculations_still_says_one_minute():
    assert estimate_minutes(survey(Question(QuestionKind.CALCULATE, "c", calculation="1"))) == 1


def test_the_lab_survey_fixture_takes_five_minutes_by_the_rule():
    definition = read_xlsform(Path(__file__).parent / "xlsforms" / "lab_survey.md")
    # Welcome note 11 + 18 words (8.7 s); section intros 9 + 9 + 4 words (6.6 s);
    # about you 12 + 8 + 10 + 8 + 10 s; experience 6 + 15 + 90 + 30 + 10 + 0 s; PHQ-8 8 x 6 s. Total 262.3 s.
    assert estimate_seconds(definition, {("phq8", "1.0"): 8}) == pytest.approx(262.3)
    assert estimate_minutes(definition, {("phq8", "1.0"): 8}) == 5
