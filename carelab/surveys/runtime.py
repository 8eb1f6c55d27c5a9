"""A survey's runtime: which pages and questions are shown for the answers so far, the answers kept
when a condition hides a question, the calculations, the instrument scores and the safety signals.

`SurveyPages` is what the answering journey, the builder's preview and the submit action share; the
forms that read a posted page are in `forms_answering`. Rules worth knowing (the tests document each):

- A question's condition (`relevant`) is evaluated on the server with the answers saved so far.
  When it depends on an answer on the same page, the question is shown (we cannot know the
  answer before the page is sent, and the page must work with JavaScript off) and its answer
  is kept only if the condition holds when the page is saved.
- Answers to questions hidden by a condition are not kept: every save drops them, on any page.
- An instrument section shows the registry's items with their exact wording and options. A
  PHQ-9 section in a survey that does not ask item 9 is shown and scored as PHQ-8.
- A choice question's ``choice_filter`` (cascading selects) offers only the choices it keeps for the
  answers saved so far. When it depends on an answer on the same page, every choice is offered and
  the one chosen is checked against the filter when the page is saved, as conditions are. An answer
  the filter no longer keeps (an earlier answer changed) is dropped, as ODK drops it.
- A question with a ``calculation`` starts with the worked-out value as its answer (its ``default``
  otherwise), which the person may change; with ``read_only`` it is shown, not asked, and every
  save works it out again, as a calculation is.
- Nothing here ever stops a person because of what a safety check found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from carelab.lib.expressions import (
    ChoiceFilter,
    Expression,
    ExpressionError,
    calculate,
    is_relevant,
    parse,
    parse_choice_filter,
)
from carelab.lib.instruments import (
    MOST_SEVERE_BAND,
    PHQ9_ITEM9_POSITIVE,
    Instrument,
    Score,
    UnknownInstrumentError,
    get_instrument,
)
from carelab.lib.risk import URGENT, assess_risk
from carelab.lib.survey_definition import (
    OTHER_CHOICE_NAME,
    PIPED_ANSWER,
    Choice,
    Question,
    QuestionKind,
    Section,
    SurveyDefinition,
)
from carelab.lib.survey_time import estimate_minutes

TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}
RISK_WORDS = "risk_words"  # SafeguardingFlag.Reason.RISK_WORDS


def condition_holds(expression: str, answers: Mapping[str, object], today: date) -> bool:
    """A condition's value; a condition that cannot be read shows the question rather than hide it."""
    try:
        return is_relevant(expression, answers, today)
    except (ExpressionError, ValueError):
        return True


def _references(expression: str) -> frozenset[str]:
    if not expression or not expression.strip():
        return frozenset()
    try:
        return parse(expression).references
    except ExpressionError:
        return frozenset()


def parsed_condition(expression: str) -> Expression | None:
    """The parsed condition, or None when there is none or it cannot be read (the question is then shown)."""
    if not expression or not expression.strip():
        return None
    try:
        return parse(expression)
    except ExpressionError:
        return None


# How conditions.mjs reads each kind of answer from the page, as SectionForm._read_field does.
_LIVE_READINGS = {
    QuestionKind.SHORT_TEXT: "text",
    QuestionKind.LONG_TEXT: "text",
    QuestionKind.SINGLE_CHOICE: "one",
    QuestionKind.SCALE: "one",
    QuestionKind.MULTIPLE_CHOICE: "many",
    QuestionKind.WHOLE_NUMBER: "whole",
    QuestionKind.DECIMAL: "decimal",
    QuestionKind.DATE: "date",
    # conditions.mjs does not read these yet: a condition that uses them leaves its question shown.
    QuestionKind.TIME: "time",
    QuestionKind.DATETIME: "datetime",
    QuestionKind.RANK: "rank",
}
DROPDOWN_APPEARANCES = frozenset({"minimal", "autocomplete"})


def is_dropdown(question: Question) -> bool:
    """A single choice drawn as a drop-down list (XLSForm appearance ``minimal`` or ``autocomplete``)."""
    return question.kind is QuestionKind.SINGLE_CHOICE and bool(DROPDOWN_APPEARANCES & set(question.appearance.split()))


def choice_filter_of(question: Question, definition: SurveyDefinition) -> ChoiceFilter | None:
    """The question's parsed ``choice_filter``, or None when it has none or it cannot be read (all choices shown)."""
    if not question.choice_filter or not question.kind.uses_choices:
        return None
    choice_list = definition.choice_list(question.choices_list)
    columns = (
        {"name", "label"} | {column for choice in choice_list.choices for column, _ in choice.filters}
        if (choice_list)
        else {"name", "label"}
    )
    try:
        return parse_choice_filter(question.choice_filter, columns)
    except ExpressionError:
        return None


def filtered_choices(
    question: Question, definition: SurveyDefinition, answers: Mapping[str, object], today: date
) -> tuple[Choice, ...]:
    """The choices the question's ``choice_filter`` keeps for these answers (all of them without a filter)."""
    choices = definition.choices_for(question)
    choice_filter = choice_filter_of(question, definition)
    if choice_filter is None:
        return choices
    kept = []
    for choice in choices:
        values = {"name": choice.name, "label": choice.label, **dict(choice.filters)}
        try:
            keeps = choice_filter.keeps(values, answers, today)
        except (ExpressionError, ValueError):
            keeps = True
        if keeps:
            kept.append(choice)
    return tuple(kept)


def worked_out_answer(question: Question, answers: Mapping[str, object], today: date) -> str:
    """A question's ``calculation`` worked out from ``answers`` ('' when it has no value), else its ``default``."""
    if question.calculation and question.kind is not QuestionKind.CALCULATE:
        try:
            return calculate(question.calculation, answers, today)
        except (ExpressionError, ValueError):
            return ""
    return question.default


def live_readings(question: Question) -> dict[str, str]:
    """Each answer name a question is posted under, and how to read it ("other:<name>" for its "please say")."""
    if question.kind is QuestionKind.GRID:
        return {statement.name: "one" for statement in question.statements}
    if question.kind not in _LIVE_READINGS:
        return {}
    if question.read_only:
        return {question.name: "worked-out"}  # not on the page: the script leaves what uses it shown
    readings = {question.name: "select" if is_dropdown(question) else _LIVE_READINGS[question.kind]}
    if question.kind is QuestionKind.MULTIPLE_CHOICE and question.other_answer_name:
        readings[question.other_answer_name] = f"other:{question.name}"
    return readings


def display_number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Field:
    """One thing on a page: a question of the definition, or an instrument item drawn as one."""

    question: Question
    choices: tuple[tuple[str, str], ...] = ()
    instrument_item: bool = False

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def kind(self) -> QuestionKind:
        return self.question.kind

    @property
    def answer_names(self) -> tuple[str, ...]:
        return self.question.answer_names

    def choice_label(self, name: str) -> str:
        return next((label for value, label in self.choices if value == name), name)


@dataclass
class SurveyPages:
    """A survey version's pages and the rules for the answers given to them."""

    definition: SurveyDefinition
    phq9_item9_enabled: bool = False
    today: date = field(default_factory=date.today)

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.definition.sections

    def section(self, number: int) -> Section | None:
        return self.sections[number - 1] if 1 <= number <= len(self.sections) else None

    def section_title(self, section: Section) -> str:
        return section.title or self.definition.title

    def instrument(self, section: Section) -> Instrument | None:
        """The instrument a section asks, as the person sees it (PHQ-9 without item 9 is PHQ-8)."""
        if section.instrument is None:
            return None
        instrument_id, version = section.instrument
        if instrument_id == "phq9" and not self.phq9_item9_enabled:
            instrument_id = "phq8"
        try:
            return get_instrument(instrument_id, version)
        except UnknownInstrumentError:
            return None

    def instrument_items(self) -> dict[tuple[str, str], int]:
        """Items per instrument reference, for the time estimate."""
        counts = {}
        for section in self.sections:
            instrument = self.instrument(section)
            if instrument is not None:
                counts[tuple(section.instrument)] = len(instrument.items)
        return counts

    def estimated_minutes(self) -> int:
        """About how long the survey takes (`carelab.lib.survey_time`), each instrument as the person sees it.

        The builder's overview and the start page both ask this, so they always agree."""
        instructions = {}
        for section in self.sections:
            if (instrument := self.instrument(section)) is not None:
                instructions[tuple(section.instrument)] = instrument.instructions
        return estimate_minutes(self.definition, self.instrument_items(), instructions)

    def fields(self, section: Section, answers: Mapping[str, object] | None = None) -> list[Field]:
        """What the page asks. With ``answers``, each ``${name}`` in a question's words is the answer given."""
        fields = self._fields(section)
        if answers is None:
            return fields
        piped = []
        on_this_page = self.section_answer_names(section)
        for field_ in fields:
            question = field_.question
            choice_filter = choice_filter_of(question, self.definition)
            if choice_filter is not None and not choice_filter.references & on_this_page:
                kept = filtered_choices(question, self.definition, answers, self.today)
                field_ = replace(field_, choices=tuple((choice.name, choice.label) for choice in kept))
            label, hint = self.piped(question.label, answers), self.piped(question.hint, answers)
            if (label, hint) != (question.label, question.hint):
                field_ = replace(field_, question=replace(question, label=label, hint=hint))
            piped.append(field_)
        return piped

    def piped(self, text: str, answers: Mapping[str, object]) -> str:
        """``text`` with each ``${name}`` replaced by the answer given to it, as the person chose it
        (choice labels, not names), or nothing if not answered: XLSForm's way to put an earlier
        answer in a question's words. Plain text, escaped when drawn like any other words."""
        if "${" not in text:
            return text
        return PIPED_ANSWER.sub(lambda match: self._answer_words(match.group(1), answers), text)

    def _answer_words(self, name: str, answers: Mapping[str, object]) -> str:
        value = answers.get(name)
        if value is None or value == "" or value == []:
            return ""
        question = self.definition.question(name)
        if question is not None and question.kind.uses_choices:
            labels = {choice.name: choice.label for choice in self.definition.choices_for(question)}
            if other := answers.get(question.other_answer_name or ""):
                labels[OTHER_CHOICE_NAME] = str(other)  # what they wrote, not "Other, please say"
            chosen = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(str(choice), str(choice)) for choice in chosen)
        return display_number(value) if isinstance(value, int | float) else str(value)

    def _fields(self, section: Section) -> list[Field]:
        instrument = self.instrument(section)
        if instrument is not None:
            return [
                Field(
                    Question(kind=QuestionKind.SINGLE_CHOICE, name=item.id, label=item.text),
                    choices=tuple((option.value, option.label) for option in item.options),
                    instrument_item=True,
                )
                for item in instrument.items
            ]
        fields = []
        for question in section.questions:
            if question.kind is QuestionKind.CALCULATE:
                continue
            choices = ()
            if question.kind.uses_choices:
                choices = tuple((choice.name, choice.label) for choice in self.definition.choices_for(question))
            fields.append(Field(question, choices=choices))
        return fields

    def section_answer_names(self, section: Section) -> set[str]:
        names = {name for question in section.questions for name in question.answer_names}
        instrument = self.instrument(section)
        if instrument is not None:
            names |= {item.id for item in instrument.items}
        return names

    def is_shown(self, section: Section, answers: Mapping[str, object]) -> bool:
        return condition_holds(section.relevant, answers, self.today)

    def shown_numbers(self, answers: Mapping[str, object]) -> list[int]:
        return [number for number, section in enumerate(self.sections, 1) if self.is_shown(section, answers)]

    def next_number(self, after: int, answers: Mapping[str, object]) -> int | None:
        return next((number for number in self.shown_numbers(answers) if number > after), None)

    def previous_number(self, before: int, answers: Mapping[str, object]) -> int | None:
        return next((number for number in reversed(self.shown_numbers(answers)) if number < before), None)

    def field_is_shown(self, section: Section, field_: Field, answers: Mapping[str, object]) -> bool:
        """Shown when its condition holds, or when the condition depends on an answer on this same page."""
        expression = field_.question.relevant
        if not expression:
            return True
        if _references(expression) & self.section_answer_names(section):
            return True
        return condition_holds(expression, answers, self.today)

    def prune(self, answers: Mapping[str, object]) -> dict[str, object]:
        """The answers without those to hidden questions and sections, with calculations worked out."""
        kept = dict(answers)
        for section in self.sections:
            if not self.is_shown(section, kept):
                for name in self.section_answer_names(section):
                    kept.pop(name, None)
                continue
            for question in section.questions:
                if not condition_holds(question.relevant, kept, self.today):
                    for name in question.answer_names:
                        kept.pop(name, None)
                    continue
                if question.kind is QuestionKind.CALCULATE:
                    try:
                        value = calculate(question.calculation, kept, self.today)
                    except (ExpressionError, ValueError):
                        value = ""
                    if value == "":
                        kept.pop(question.name, None)
                    else:
                        kept[question.name] = value
                elif question.read_only:
                    value = self.read_only_value(question, kept)
                    if value == "":
                        kept.pop(question.name, None)
                    else:
                        kept[question.name] = value
                if question.choice_filter and question.name in kept:
                    self._drop_filtered_out(question, kept)
                if question.other_option and question.other_answer_name:
                    chosen = kept.get(question.name)
                    chosen = chosen if isinstance(chosen, list) else [chosen]
                    if OTHER_CHOICE_NAME not in chosen:
                        kept.pop(question.other_answer_name, None)
        return kept

    def read_only_value(self, question: Question, answers: Mapping[str, object]) -> object:
        """A read-only answer as it is stored: worked out (or its default), as a number for number questions."""
        value = worked_out_answer(question, answers, self.today)
        if value and question.kind in {QuestionKind.WHOLE_NUMBER, QuestionKind.DECIMAL, QuestionKind.SCALE}:
            try:
                number = float(value)
            except ValueError:
                return ""
            return int(number) if number.is_integer() else number
        if value and question.kind in {QuestionKind.MULTIPLE_CHOICE, QuestionKind.RANK}:
            return value.split()
        return value

    def _drop_filtered_out(self, question: Question, kept: dict[str, object]) -> None:
        allowed = {choice.name for choice in filtered_choices(question, self.definition, kept, self.today)}
        value = kept[question.name]
        if isinstance(value, list):
            if question.kind is QuestionKind.RANK and not set(value) <= allowed:
                kept.pop(question.name)  # an order of choices no longer offered is not an answer
            elif remaining := [choice for choice in value if choice in allowed]:
                kept[question.name] = remaining
            else:
                kept.pop(question.name)
        elif value not in allowed:
            kept.pop(question.name)

    def scores(self, answers: Mapping[str, object]) -> list[Score]:
        """A score for each instrument section shown, from the answers given (missing ones included)."""
        scores = []
        for section in self.sections:
            instrument = self.instrument(section)
            if instrument is None or not self.is_shown(section, answers):
                continue
            item_answers = {item.id: answers.get(item.id) for item in instrument.items}
            try:
                scores.append(instrument.score({k: v for k, v in item_answers.items() if isinstance(v, str)}))
            except ValueError:
                continue  # an answer that is not an option (a changed definition); leave it unscored
        return scores

    def free_text_answers(self, answers: Mapping[str, object]) -> Iterable[tuple[str, str]]:
        for question in self.definition.questions():
            if question.kind in TEXT_KINDS and isinstance(answers.get(question.name), str):
                yield question.name, answers[question.name]
            other = question.other_answer_name
            if other and isinstance(answers.get(other), str):
                yield other, answers[other]

    def first_page_to_resume(self, answers: Mapping[str, object], last_section: int) -> int | None:
        """The first page after the last one saved, or None when the person can check their answers."""
        return self.next_number(last_section, answers)


@dataclass(frozen=True)
class SafetyFindings:
    """What the safety checks found. Never the person's words: instrument ids, question names and the
    risk check's reasons (each names a pattern or one of the lab's phrases).

    `reasons` raise a safeguarding flag. `possible_risk` is free text the risk check reads as a
    possible sign of risk: it shows where to get help at once but raises no flag (decisions/0019).
    """

    reasons: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)
    possible_risk: bool = False

    @property
    def raises_flag(self) -> bool:
        return bool(self.reasons)

    @property
    def show_crisis(self) -> bool:
        """Show crisis resources at once: anything that raises a flag, or a possible sign of risk."""
        return self.raises_flag or self.possible_risk


def safety_findings(pages: SurveyPages, answers: Mapping[str, object], risk_phrases: list[str]) -> SafetyFindings:
    """PHQ-9 item 9 above 0, a total in an instrument's most severe band, or free text the risk check
    (`carelab.lib.risk`, with the lab's own phrases) reads as urgent, each answer on its own so the
    flag can name the questions. Possible risk in free text only shows crisis resources."""
    reasons: list[str] = []
    instruments: dict[str, list[str]] = {}
    for score in pages.scores(answers):
        for flag in (PHQ9_ITEM9_POSITIVE, MOST_SEVERE_BAND):
            if flag in score.flags:
                if flag not in reasons:
                    reasons.append(flag)
                instruments.setdefault(flag, []).append(score.instrument_id)
    risk_reasons: list[str] = []
    questions: list[str] = []
    possible_risk = False
    for name, text in pages.free_text_answers(answers):
        risk = assess_risk(text, risk_phrases)
        if risk.is_urgent:
            questions.append(name)
            risk_reasons += [reason for reason in risk.reasons if reason not in risk_reasons]
        elif risk.is_risk:
            possible_risk = True
    if questions:
        reasons.append(RISK_WORDS)
    details: dict = {}
    if instruments:
        details["instruments"] = instruments
    if questions:
        details["risk"] = {"level": URGENT, "reasons": risk_reasons, "questions": questions}
    return SafetyFindings(tuple(reasons), details, possible_risk=possible_risk)
