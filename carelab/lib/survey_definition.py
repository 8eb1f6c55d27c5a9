"""What a CareLab survey is, independent of how it is stored.

A survey is a list of sections (one page each) holding questions, plus named
choice lists that choice questions and grids share. The shapes follow XLSForm
(type, name, label, hint, required, relevant, constraint, constraint message,
calculation, choices) so `carelab.lib.xlsform` can read and write them without
loss; the Django survey app maps them to models.

Everything here is frozen: a definition is a value, compared with ``==``.
Text is stored trimmed, because spreadsheets (and pyxform's readers) trim it.

Conventions worth knowing:

- A section whose ``name`` is empty is a run of questions that sit outside any
  group in the XLSForm (the first, "default" section of a form without groups,
  for example). It has no title, intro or condition of its own.
- ``Question.other_option`` adds "Other, please say": a choice named ``other``
  and a text answer named ``<question name>_other`` (XLSForm's ``or_other``).
  When the question's choice list already has a choice named ``other``, that
  choice is the one shown; otherwise CareLab adds it after the list's choices.
- A grid is one question: its statements are the rows, all answered on the
  grid's choice list. Each statement's answer is stored under its own name.
- An instrument section references a validated instrument by id and version;
  its items come from CareLab's instrument registry, not from the definition.
- A choice may carry ``filters``: the values of a choices sheet's extra columns
  (``country`` for a list of towns, say), which a question's ``choice_filter``
  refers to by bare column name (XLSForm's cascading selects).
- A ranking (``RANK``) orders every choice of its list; its answer is the list of
  choice names, first choice first.
- A time is stored as ISO text ``"14:30"``, a date and time as ``"2026-03-01T14:30"``.
- ``calculation`` on a question a person answers (not a ``CALCULATE``) is worked
  out from earlier answers: shown as its answer to start with, or, with
  ``read_only``, shown and stored as it is.
- A form in several languages (XLSForm's ``label::Cymraeg (cy)`` columns) lists them in
  ``languages``. Every ``label``, ``hint`` and message above is the ``default_language``'s text;
  each other language's words are a `Translation` beside them (`carelab.lib.survey_languages`
  shows a definition in one language, falling back to the default's words). A form in one
  unnamed language has no languages and no translations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

OTHER_CHOICE_NAME = "other"
OTHER_CHOICE_LABEL = "Other, please say"
OTHER_ANSWER_SUFFIX = "_other"
# An earlier answer in a question's words or hint: "How long have you lived in ${town}?"
PIPED_ANSWER = re.compile(r"\$\{([^}]*)\}")


class QuestionKind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    WHOLE_NUMBER = "whole_number"
    DECIMAL = "decimal"
    DATE = "date"
    SCALE = "scale"
    GRID = "grid"
    INFORMATION = "information"
    CALCULATE = "calculate"
    TIME = "time"
    DATETIME = "datetime"
    RANK = "rank"

    @property
    def uses_choices(self) -> bool:
        return self in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.GRID, QuestionKind.RANK}

    @property
    def is_answered(self) -> bool:
        """Whether a person gives an answer (information is read, calculations are hidden)."""
        return self not in {QuestionKind.INFORMATION, QuestionKind.CALCULATE}


@dataclass(frozen=True)
class Choice:
    name: str
    label: str
    filters: tuple[tuple[str, str], ...] = ()
    """(column, value) from the choices sheet's extra columns, which a ``choice_filter`` may use."""


@dataclass(frozen=True)
class ChoiceList:
    name: str
    choices: tuple[Choice, ...]

    def choice(self, name: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.name == name), None)


@dataclass(frozen=True)
class Scale:
    """A numeric scale of whole numbers, such as 0 to 10, with words at each end."""

    min: int = 0
    max: int = 10
    min_label: str = ""
    max_label: str = ""

    @property
    def points(self) -> range:
        return range(self.min, self.max + 1)


@dataclass(frozen=True)
class Statement:
    """One row of a grid: answered on the grid's choice list and stored under ``name``."""

    name: str
    label: str


class InstrumentRef(NamedTuple):
    """A validated instrument by id and version; equal to the plain tuple ``("phq8", "1.0")``."""

    id: str
    version: str

    def __str__(self) -> str:
        return f"{self.id}@{self.version}"


@dataclass(frozen=True)
class Question:
    kind: QuestionKind
    name: str
    label: str = ""
    hint: str = ""
    required: bool = False
    required_message: str = ""
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""
    calculation: str = ""
    choices_list: str = ""
    other_option: bool = False
    appearance: str = ""
    scale: Scale | None = None
    statements: tuple[Statement, ...] = ()
    default: str = ""
    choice_filter: str = ""
    read_only: bool = False

    @property
    def other_answer_name(self) -> str | None:
        """The name under which the "please say" text is kept, if the question has an other option."""
        return f"{self.name}{OTHER_ANSWER_SUFFIX}" if self.other_option else None

    @property
    def answer_names(self) -> tuple[str, ...]:
        """Every name this question stores a value under (and that expressions may refer to)."""
        if self.kind is QuestionKind.GRID:
            return tuple(statement.name for statement in self.statements)
        if self.kind is QuestionKind.INFORMATION:
            return ()
        other = self.other_answer_name
        return (self.name, other) if other else (self.name,)


@dataclass(frozen=True)
class Section:
    name: str
    title: str = ""
    intro: str = ""
    relevant: str = ""
    questions: tuple[Question, ...] = ()
    instrument: InstrumentRef | None = None


@dataclass(frozen=True)
class Translation:
    """One language's words for a survey, beside the default language's (the definition's own).

    ``texts`` are (name, column, words): the name of a section, question or grid statement (names
    are unique in a form) and the XLSForm column (``label``, ``hint``, ``required_message``,
    ``constraint_message``, ``carelab_min_label``, ``carelab_max_label``; a section's title is its
    ``label`` and its introduction its ``hint``). ``choices`` are (list name, choice name, label).
    Both are sorted, so equal translations compare equal. Words missing here fall back to the
    default language's.
    """

    language: str
    texts: tuple[tuple[str, str, str], ...] = ()
    choices: tuple[tuple[str, str, str], ...] = ()

    @cached_property
    def text_for(self) -> Mapping[tuple[str, str], str]:
        return {(name, column): words for name, column, words in self.texts}

    @cached_property
    def choice_label_for(self) -> Mapping[tuple[str, str], str]:
        return {(list_name, name): label for list_name, name, label in self.choices}


@dataclass(frozen=True)
class SurveyDefinition:
    title: str
    id_string: str
    version: str = ""
    sections: tuple[Section, ...] = ()
    choice_lists: tuple[ChoiceList, ...] = ()
    # The form's languages as XLSForm names them ("Cymraeg (cy)", "English", or pyxform's "default"
    # for columns without one), in the order of its columns; empty for a form in one unnamed language.
    languages: tuple[str, ...] = ()
    default_language: str = ""
    translations: tuple[Translation, ...] = ()

    def translation(self, language: str) -> Translation | None:
        return next((translation for translation in self.translations if translation.language == language), None)

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def question(self, name: str) -> Question | None:
        return next((question for question in self.questions() if question.name == name), None)

    def choice_list(self, name: str) -> ChoiceList | None:
        return next((choice_list for choice_list in self.choice_lists if choice_list.name == name), None)

    def choices_for(self, question: Question) -> tuple[Choice, ...]:
        """The choices a person sees, with "Other, please say" last when the list does not have its own."""
        choice_list = self.choice_list(question.choices_list)
        choices = choice_list.choices if choice_list else ()
        if question.other_option and not any(choice.name == OTHER_CHOICE_NAME for choice in choices):
            choices = (*choices, Choice(OTHER_CHOICE_NAME, OTHER_CHOICE_LABEL))
        return choices

    def answer_names(self) -> set[str]:
        return {name for question in self.questions() for name in question.answer_names}


# -- Storage as JSON ------------------------------------------------------------------------------
# A definition is stored with each survey version as plain JSON. Only non-default fields are
# written, so stored definitions stay small and readable, and adding a field later needs no
# rewrite of old ones.


def _question_to_dict(question: Question) -> dict:
    data: dict = {"kind": question.kind.value, "name": question.name}
    for field_name in (
        "label", "hint", "required", "required_message", "relevant", "constraint", "constraint_message",
        "calculation", "choices_list", "other_option", "appearance", "default", "choice_filter", "read_only",
    ):  # fmt: skip
        value = getattr(question, field_name)
        if value:
            data[field_name] = value
    if question.scale is not None:
        data["scale"] = {
            "min": question.scale.min,
            "max": question.scale.max,
            "min_label": question.scale.min_label,
            "max_label": question.scale.max_label,
        }
    if question.statements:
        data["statements"] = [{"name": s.name, "label": s.label} for s in question.statements]
    return data


def _question_from_dict(data: dict) -> Question:
    values = dict(data)
    values["kind"] = QuestionKind(values["kind"])
    if "scale" in values:
        values["scale"] = Scale(**values["scale"])
    if "statements" in values:
        values["statements"] = tuple(Statement(**s) for s in values["statements"])
    return Question(**values)


def _choice_to_list(choice: Choice) -> list:
    """``[name, label]``, with a third item ``{column: value}`` only when the choice has filter values."""
    data: list = [choice.name, choice.label]
    if choice.filters:
        data.append(dict(choice.filters))
    return data


def _choice_from_list(data: list) -> Choice:
    filters = tuple(data[2].items()) if len(data) > 2 else ()
    return Choice(data[0], data[1], filters)


def definition_to_dict(definition: SurveyDefinition) -> dict:
    """The definition as JSON-ready data; `definition_from_dict` reads it back to an equal definition."""
    data = {
        "title": definition.title,
        "id_string": definition.id_string,
        "version": definition.version,
        "sections": [
            {
                "name": section.name,
                "title": section.title,
                "intro": section.intro,
                "relevant": section.relevant,
                "instrument": list(section.instrument) if section.instrument else None,
                "questions": [_question_to_dict(question) for question in section.questions],
            }
            for section in definition.sections
        ],
        "choice_lists": [
            {"name": choice_list.name, "choices": [_choice_to_list(choice) for choice in choice_list.choices]}
            for choice_list in definition.choice_lists
        ],
    }
    if definition.languages:  # only then, so definitions in one language are stored as before
        data["languages"] = list(definition.languages)
        data["default_language"] = definition.default_language
        data["translations"] = [
            {
                "language": translation.language,
                "texts": [list(text) for text in translation.texts],
                "choices": [list(choice) for choice in translation.choices],
            }
            for translation in definition.translations
        ]
    return data


def definition_from_dict(data: dict) -> SurveyDefinition:
    return SurveyDefinition(
        title=data["title"],
        id_string=data["id_string"],
        version=data.get("version", ""),
        sections=tuple(
            Section(
                name=section["name"],
                title=section.get("title", ""),
                intro=section.get("intro", ""),
                relevant=section.get("relevant", ""),
                instrument=InstrumentRef(*section["instrument"]) if section.get("instrument") else None,
                questions=tuple(_question_from_dict(question) for question in section.get("questions", [])),
            )
            for section in data.get("sections", [])
        ),
        choice_lists=tuple(
            ChoiceList(name=item["name"], choices=tuple(_choice_from_list(choice) for choice in item["choices"]))
            for item in data.get("choice_lists", [])
        ),
        languages=tuple(data.get("languages", ())),
        default_language=data.get("default_language", ""),
        translations=tuple(
            Translation(
                language=item["language"],
                texts=tuple(tuple(text) for text in item.get("texts", ())),
                choices=tuple(tuple(choice) for choice in item.get("choices", ())),
            )
            for item in data.get("translations", ())
        ),
    )
