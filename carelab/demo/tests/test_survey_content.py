"""The demo launch survey reads as a valid XLSForm, takes about ten minutes, and its demo answers fit it."""

from pathlib import Path

import pytest

from carelab.demo.survey_answers import demo_answers
from carelab.lib.expressions import is_relevant
from carelab.lib.instruments import get_instrument
from carelab.lib.survey_definition import QuestionKind
from carelab.lib.survey_time import estimate_minutes
from carelab.lib.xlsform import read_xlsform

FORM = Path(__file__).resolve().parents[1] / "forms" / "launch_survey.md"


@pytest.fixture(scope="module")
def definition():
    return read_xlsform(FORM)


def instrument_items(definition):
    return {
        section.instrument: get_instrument(*section.instrument).items
        for section in definition.sections
        if section.instrument
    }


def test_the_launch_survey_takes_about_ten_minutes(definition):
    counts = {key: len(items) for key, items in instrument_items(definition).items()}
    assert 8 <= estimate_minutes(definition, counts) <= 12


def test_the_launch_survey_asks_no_names_postcodes_or_dates_of_birth(definition):
    labels = " ".join(question.label.lower() for question in definition.questions())
    for forbidden in ["your name", "postcode", "date of birth"]:
        assert forbidden not in labels


def test_demo_answers_only_use_real_questions_and_options_and_respect_conditions(definition):
    questions = {name: question for question in definition.questions() for name in question.answer_names}
    section_of = {
        name: section for section in definition.sections for q in section.questions for name in q.answer_names
    }
    items = {item.id: item for items in instrument_items(definition).values() for item in items}
    for answers in demo_answers(300):
        for name, value in answers.items():
            if name in items:
                assert value in {option.value for option in items[name].options}
                continue
            question = questions[name]
            allowed = {choice.name for choice in definition.choices_for(question)}
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                assert set(value) <= allowed
            elif question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.GRID):
                assert value in allowed
            assert is_relevant(section_of[name].relevant, answers)
            assert is_relevant(question.relevant, answers)


def test_demo_answers_are_varied_and_repeatable():
    first = list(demo_answers(200, seed=1))
    assert first == list(demo_answers(200, seed=1))
    assert len({answers.get("what_helped") for answers in first}) > 10
    assert len({tuple(answers["roles"]) for answers in first}) > 5
