"""How long a survey takes, for the start page ("This survey takes about 9 minutes").

The rule, per question, for someone who answers everything at an unhurried pace:

==========================  =============================================
Question                    Seconds
==========================  =============================================
single choice               8
multiple choice             12
whole number, decimal, date 10
0–10 scale                  6
grid                        5 for each statement
short text                  30
long text                   90
information text            its words (label and hint) read at 200 a minute
calculation (hidden)        0
==========================  =============================================

Each section's intro is read at the same 200 words a minute. An instrument
section counts 6 seconds an item, plus its instructions ("Over the last 2
weeks, how often…") read at 200 words a minute; the caller passes how many
items each instrument has and its instructions (from the instrument registry,
as the person sees it: PHQ-9 without item 9 is PHQ-8), and an instrument it
does not know counts as 9 items, the longest one CareLab ships (PHQ-9), so the
estimate errs long rather than short.

Questions shown only on a condition are counted too: we cannot know who will
see them, and telling a person in pain that a survey is quicker than it is
costs more than the opposite. The total is rounded up to whole minutes, and
is at least 1.
"""

import math
from collections.abc import Mapping

from carelab.lib.survey_definition import InstrumentRef, Question, QuestionKind, SurveyDefinition

READING_WORDS_PER_MINUTE = 200
INSTRUMENT_ITEM_SECONDS = 6
GRID_STATEMENT_SECONDS = 5
UNKNOWN_INSTRUMENT_ITEMS = 9
SECONDS_BY_KIND = {
    QuestionKind.SINGLE_CHOICE: 8,
    QuestionKind.MULTIPLE_CHOICE: 12,
    QuestionKind.WHOLE_NUMBER: 10,
    QuestionKind.DECIMAL: 10,
    QuestionKind.DATE: 10,
    QuestionKind.SCALE: 6,
    QuestionKind.SHORT_TEXT: 30,
    QuestionKind.LONG_TEXT: 90,
    QuestionKind.CALCULATE: 0,
    QuestionKind.TIME: 10,
    QuestionKind.DATETIME: 15,
    QuestionKind.RANK: 20,
}


def reading_seconds(*texts: str) -> float:
    words = sum(len(text.split()) for text in texts)
    return words * 60 / READING_WORDS_PER_MINUTE


def question_seconds(question: Question) -> float:
    if question.kind is QuestionKind.GRID:
        return GRID_STATEMENT_SECONDS * len(question.statements)
    if question.kind is QuestionKind.INFORMATION:
        return reading_seconds(question.label, question.hint)
    return SECONDS_BY_KIND[question.kind]


def estimate_seconds(
    definition: SurveyDefinition,
    instrument_items: Mapping[tuple[str, str], int] | None = None,
    instrument_instructions: Mapping[tuple[str, str], str] | None = None,
) -> float:
    """Seconds to complete ``definition`` by the rule above, before rounding."""
    instrument_items = instrument_items or {}
    instrument_instructions = instrument_instructions or {}
    total = 0.0
    for section in definition.sections:
        total += reading_seconds(section.intro)
        if section.instrument is not None:
            reference = InstrumentRef(*section.instrument)
            items = instrument_items.get(reference, UNKNOWN_INSTRUMENT_ITEMS)
            total += INSTRUMENT_ITEM_SECONDS * items + reading_seconds(instrument_instructions.get(reference, ""))
        total += sum(question_seconds(question) for question in section.questions)
    return total


def estimate_minutes(
    definition: SurveyDefinition,
    instrument_items: Mapping[tuple[str, str], int] | None = None,
    instrument_instructions: Mapping[tuple[str, str], str] | None = None,
) -> int:
    """Whole minutes to complete ``definition``, rounded up, at least 1.

    ``instrument_items`` maps (instrument id, version) to its number of items, and
    ``instrument_instructions`` to the words shown before them.
    """
    seconds = estimate_seconds(definition, instrument_items, instrument_instructions)
    # Rounded first so that float sums such as 59.99999… do not decide the minute.
    return max(1, math.ceil(round(seconds, 6) / 60))
