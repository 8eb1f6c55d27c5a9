"""The answering journey's forms, built from a survey version's definition.

`SurveyPages` knows a survey's pages: which sections and questions are shown for the answers
so far, which answers to drop because a condition hides their question, the calculations, the
instrument scores and the safety signals. `SectionForm` is one page: it reads what a person
posted, checks it, and gives NHS.UK component parameters to draw each question with.

Rules worth knowing (the tests document each):

- A question's condition (`relevant`) is evaluated on the server with the answers saved so far.
  When it depends on an answer on the same page, the question is shown (we cannot know the
  answer before the page is sent, and the page must work with JavaScript off) and its answer
  is kept only if the condition holds when the page is saved.
- Answers to questions hidden by a condition are not kept: every save drops them, on any page.
- An instrument section shows the registry's items with their exact wording and options. A
  PHQ-9 section in a survey that does not ask item 9 is shown and scored as PHQ-8.
- Any question can be skipped unless the lab team marked it required. Nothing here ever stops
  a person because of what a safety check found.
- Stored answers: text as text, a single choice (and an instrument item, and a grid statement)
  as the choice name, a multiple choice as a list of choice names, whole numbers and the 0–10
  scale as int, decimals as int or float, dates as ISO text ("2026-03-01").
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from django import forms

from carelab.lib.expressions import (
    Expression,
    ExpressionError,
    calculate,
    is_relevant,
    parse,
    satisfies_constraint,
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
    Question,
    QuestionKind,
    Scale,
    Section,
    Statement,
    SurveyDefinition,
)

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
RETURN_FIELD = "carelab-return"

_WHOLE_NUMBER = re.compile(r"^[+-]?\d{1,12}$")
# ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() refuses or reads differently.
_SCALE_POINT = re.compile(r"^-?[0-9]{1,6}$", re.ASCII)
_DECIMAL = re.compile(r"^[+-]?(\d{1,12}(\.\d{0,6})?|\.\d{1,6})$")
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}
RISK_WORDS = "risk_words"  # SafeguardingFlag.Reason.RISK_WORDS
# A NUL character cannot be stored (PostgreSQL refuses it); what was typed is kept on the page.
UNSAVABLE_CHARACTER = (
    "Your answer has an invisible control character that cannot be saved. Delete it, or retype the answer"
)


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


def _condition(expression: str) -> Expression | None:
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
}


def _live_readings(question: Question) -> dict[str, str]:
    """Each answer name a question is posted under, and how to read it ("other:<name>" for its "please say")."""
    if question.kind is QuestionKind.GRID:
        return {statement.name: "one" for statement in question.statements}
    if question.kind not in _LIVE_READINGS:
        return {}
    readings = {question.name: _LIVE_READINGS[question.kind]}
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

    def fields(self, section: Section, answers: Mapping[str, object] | None = None) -> list[Field]:
        """What the page asks. With ``answers``, each ``${name}`` in a question's words is the answer given."""
        fields = self._fields(section)
        if answers is None:
            return fields
        piped = []
        for field_ in fields:
            question = field_.question
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
                elif question.other_option and question.other_answer_name:
                    chosen = kept.get(question.name)
                    chosen = chosen if isinstance(chosen, list) else [chosen]
                    if OTHER_CHOICE_NAME not in chosen:
                        kept.pop(question.other_answer_name, None)
        return kept

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


class SectionForm:
    """One page of the survey: read what was posted, check it, and describe each question to draw."""

    def __init__(self, pages: SurveyPages, section: Section, answers: Mapping[str, object], data=None):
        self.pages = pages
        self.section = section
        self.stored = dict(answers)
        self.data = data
        self.errors: dict[str, str] = {}  # answer name -> message
        self.error_targets: dict[str, str] = {}  # answer name -> element id for the error summary
        self.fields = pages.fields(section, answers)
        self.values: dict[str, object] = {}  # answers as read from the page, before conditions
        self.cleaned: dict[str, object] = {}
        self.date_parts: dict[str, dict[str, str]] = {}  # what was typed, kept even when not a date
        if data is not None:
            self._read()

    # -- Reading what was posted ----------------------------------------------------------------

    def _read(self) -> None:
        for field_ in self.fields:
            self._read_field(field_)

    def _error(self, name: str, message: str, target: str | None = None) -> None:
        self.errors.setdefault(name, message)
        self.error_targets.setdefault(name, target or f"q-{name}")

    def _read_field(self, field_: Field) -> None:
        q, data, name = field_.question, self.data, field_.name
        kind = field_.kind
        if kind in TEXT_KINDS:
            text = data.get(name, "").strip()
            self.values[name] = text or None
            limit = SHORT_TEXT_MAX if kind is QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
            if len(text) > limit:
                self._error(name, f"Your answer must be {limit:,} characters or fewer")
            elif "\x00" in text:
                self._error(name, UNSAVABLE_CHARACTER)
        elif kind is QuestionKind.SINGLE_CHOICE:
            value = data.get(name, "")
            self.values[name] = value or None
            if value and value not in {choice for choice, _ in field_.choices}:
                self._error(name, "Choose one of the options")
        elif kind is QuestionKind.MULTIPLE_CHOICE:
            allowed = {choice for choice, _ in field_.choices}
            chosen = [value for value in data.getlist(name) if value in allowed]
            self.values[name] = chosen or None
            if q.other_answer_name:
                other = data.get(q.other_answer_name, "").strip()
                self.values[q.other_answer_name] = other if other and OTHER_CHOICE_NAME in chosen else None
                if len(other) > SHORT_TEXT_MAX:
                    self._error(q.other_answer_name, f"Your answer must be {SHORT_TEXT_MAX} characters or fewer")
                elif "\x00" in other:
                    self._error(q.other_answer_name, UNSAVABLE_CHARACTER)
        elif kind is QuestionKind.WHOLE_NUMBER:
            text = data.get(name, "").strip().replace(",", "")
            self.values[name] = text or None
            if text:
                if _WHOLE_NUMBER.match(text):
                    self.values[name] = int(text)
                else:
                    self._error(name, "Enter a whole number, like 12")
        elif kind is QuestionKind.DECIMAL:
            text = data.get(name, "").strip().replace(",", "")
            self.values[name] = text or None
            if text:
                if _DECIMAL.match(text) and math.isfinite(float(text)):
                    number = float(text)
                    self.values[name] = int(number) if number.is_integer() else number
                else:
                    self._error(name, "Enter a number, like 7 or 7.5")
        elif kind is QuestionKind.DATE:
            self._read_date(field_)
        elif kind is QuestionKind.SCALE:
            scale = q.scale or Scale()
            text = data.get(name, "")
            self.values[name] = text or None
            if text:
                if _SCALE_POINT.match(text) and int(text) in scale.points:
                    self.values[name] = int(text)
                else:
                    self._error(name, f"Choose a number from {scale.min} to {scale.max}")
        elif kind is QuestionKind.GRID:
            allowed = {choice for choice, _ in field_.choices}
            for statement in q.statements:
                value = data.get(statement.name, "")
                self.values[statement.name] = value or None
                if value and value not in allowed:
                    self._error(statement.name, "Choose one of the options")

    def _read_date(self, field_: Field) -> None:
        name = field_.name
        parts = {part: self.data.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")}
        self.values[name] = None
        self.date_parts[name] = parts
        if not any(parts.values()):
            return
        missing = [part for part, value in parts.items() if not value]
        if missing:
            self._error(name, f"The date must include a {' and a '.join(missing)}", f"q-{name}-{missing[0]}")
            return
        if not (parts["year"].isascii() and parts["year"].isdigit() and len(parts["year"]) == 4):
            # Checked before int(): a 20-digit year would overflow the date type rather than be refused.
            self._error(name, "The year must have 4 numbers, like 2024", f"q-{name}-year")
            return
        try:
            year = int(parts["year"])
            if year < 1000 or len(parts["month"]) > 2 or len(parts["day"]) > 2:
                raise ValueError
            self.values[name] = date(year, int(parts["month"]), int(parts["day"])).isoformat()
        except ValueError:
            self._error(name, "Enter a real date, like 27 3 2024", f"q-{name}-day")

    # -- Checking -------------------------------------------------------------------------------

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        merged = {**self.stored}
        for name in self.pages.section_answer_names(self.section):
            merged.pop(name, None)
        merged.update({name: value for name, value in self.values.items() if value is not None})
        cleaned: dict[str, object] = {}
        for field_ in self.fields:
            if not condition_holds(field_.question.relevant, merged, self.pages.today):
                # Hidden by its condition: its answer is not kept, so nothing about it can be wrong.
                for name in field_.answer_names:
                    self.errors.pop(name, None)
                continue
            self._check_field(field_, merged)
            for name in field_.answer_names:
                if self.values.get(name) is not None:
                    cleaned[name] = self.values[name]
        self.cleaned = cleaned
        return not self.errors

    def _check_field(self, field_: Field, merged: Mapping[str, object]) -> None:
        q = field_.question
        if not q.kind.is_answered or field_.name in self.errors:
            return
        if q.required:
            if q.kind is QuestionKind.GRID:
                for statement in q.statements:
                    if self.values.get(statement.name) is None:
                        self._error(statement.name, q.required_message or f"Answer ‘{statement.label}’")
            elif self.values.get(q.name) is None:
                message = q.required_message or _required_message(q)
                self._error(q.name, message, f"q-{q.name}-day" if q.kind is QuestionKind.DATE else None)
        value = self.values.get(q.name)
        if q.constraint and value is not None and q.kind is not QuestionKind.GRID:
            try:
                ok = satisfies_constraint(q.constraint, value, merged, self.pages.today)
            except (ExpressionError, ValueError):
                ok = True
            if not ok:
                message = q.constraint_message or "Check your answer"
                self._error(q.name, message, f"q-{q.name}-day" if q.kind is QuestionKind.DATE else None)

    # -- Drawing --------------------------------------------------------------------------------

    def value(self, name: str) -> object:
        if self.data is not None:
            return self.values.get(name)
        return self.stored.get(name)

    def error_list(self) -> list[dict]:
        return [{"text": message, "href": f"#{self.error_targets[name]}"} for name, message in self.errors.items()]

    def visible_fields(self) -> list[Field]:
        answers = {**self.stored, **{k: v for k, v in self.values.items() if v is not None}}
        return [field_ for field_ in self.fields if self.pages.field_is_shown(self.section, field_, answers)]

    def widgets(self) -> list[dict]:
        """What the template draws: {"kind": ..., "params": NHS.UK component parameters, "live": ..., ...}.

        "live" is the question's answers and condition for conditions.mjs, as JSON ('' when the page
        has no conditions).
        """
        live = bool(self.live_conditions)
        return [
            {**self._widget(field_), "live": self._live_question(field_) if live else ""}
            for field_ in self.visible_fields()
        ]

    # -- Live conditions (carelab/static/carelab/conditions.mjs) ---------------------------------

    @cached_property
    def live_conditions(self) -> str:
        """What the page's script needs to show and hide questions as they are answered, as JSON.

        Empty when no question on the page has a condition. Holds today's date, the answers saved on
        other pages that the conditions refer to (nothing more), this page's answer names and which of
        them are calculations. The script is a convenience: the server still decides on save.
        """
        conditions = [
            condition for field_ in self.visible_fields() if (condition := _condition(field_.question.relevant))
        ]
        if not conditions:
            return ""
        on_this_page = self.pages.section_answer_names(self.section)
        needed = set().union(*(condition.references for condition in conditions)) - on_this_page
        return json.dumps(
            {
                "today": self.pages.today.isoformat(),
                "saved": {name: self.stored[name] for name in sorted(needed) if self.stored.get(name) is not None},
                "page": sorted(on_this_page),
                "calculated": sorted(
                    question.name for question in self.section.questions if question.kind is QuestionKind.CALCULATE
                ),
            },
            separators=(",", ":"),
        )

    def _live_question(self, field_: Field) -> str:
        condition = _condition(field_.question.relevant)
        return json.dumps(
            {"answers": _live_readings(field_.question), "relevant": condition.as_tree() if condition else None},
            separators=(",", ":"),
        )

    def _base(self, field_: Field) -> dict:
        q = field_.question
        params: dict = {"name": q.name}
        if q.hint:
            params["hint"] = {"text": q.hint}
        if q.name in self.errors:
            params["errorMessage"] = {"text": self.errors[q.name]}
        return params

    def _widget(self, field_: Field) -> dict:
        q, kind = field_.question, field_.kind
        params = self._base(field_)
        legend = {"text": q.label, "classes": "nhsuk-fieldset__legend--s"}
        value = self.value(q.name)
        if kind is QuestionKind.INFORMATION:
            return {"kind": "information", "label": q.label, "hint": q.hint}
        if kind in TEXT_KINDS:
            params.update(id=f"q-{q.name}", label={"text": q.label, "classes": "nhsuk-label--s"})
            params["value"] = value or ""
            if kind is QuestionKind.LONG_TEXT:
                params.update(maxlength=LONG_TEXT_MAX, rows=6)
                return {"kind": "characterCount", "params": params}
            params["spellcheck"] = True
            return {"kind": "input", "params": params}
        if kind in {QuestionKind.WHOLE_NUMBER, QuestionKind.DECIMAL}:
            params.update(id=f"q-{q.name}", label={"text": q.label, "classes": "nhsuk-label--s"})
            params["value"] = display_number(value)
            params["inputmode"] = "numeric" if kind is QuestionKind.WHOLE_NUMBER else "decimal"
            params["classes"] = "nhsuk-input--width-5"
            params["spellcheck"] = False
            return {"kind": "input", "params": params}
        if kind is QuestionKind.DATE:
            parts = self.date_parts.get(q.name)
            if parts is None:
                year, month, day = (str(value).split("-") + ["", "", ""])[:3] if value else ("", "", "")
                parts = {"day": day.lstrip("0"), "month": month.lstrip("0"), "year": year}
            error = q.name in self.errors
            params.update(
                id=f"q-{q.name}",
                fieldset={"legend": legend},
                items=[
                    {
                        "id": f"q-{q.name}-{part}",
                        "name": f"{q.name}-{part}",
                        "label": part.capitalize(),
                        "value": parts[part],
                        "width": 4 if part == "year" else 2,
                        "classes": "nhsuk-input--error" if error else "",
                    }
                    for part in ("day", "month", "year")
                ],
            )
            return {"kind": "dateInput", "params": params}
        if kind is QuestionKind.SCALE:
            scale = q.scale or Scale()
            low, high = scale.min_label or "the lowest", scale.max_label or "the highest"
            anchors = f"{scale.min} means {low} and {scale.max} means {high}."
            hint = f"{q.hint} {anchors}".strip() if scale.min_label or scale.max_label else q.hint
            params.update(idPrefix=f"q-{q.name}", fieldset={"legend": legend}, classes="nhsuk-radios--inline")
            if hint:
                params["hint"] = {"text": hint}
            params["items"] = [
                {"value": str(point), "text": str(point), "checked": str(point) == display_number(value)}
                for point in scale.points
            ]
            return {"kind": "radios", "params": params}
        if kind is QuestionKind.SINGLE_CHOICE:
            params.update(idPrefix=f"q-{q.name}", fieldset={"legend": legend})
            params["items"] = [
                {"value": choice, "text": label, "checked": choice == value} for choice, label in field_.choices
            ]
            return {"kind": "radios", "params": params}
        if kind is QuestionKind.MULTIPLE_CHOICE:
            chosen = value if isinstance(value, list) else []
            params.update(idPrefix=f"q-{q.name}", fieldset={"legend": legend})
            params["items"] = [
                {"value": choice, "text": label, "checked": choice in chosen} for choice, label in field_.choices
            ]
            widget = {"kind": "checkboxes", "params": params}
            if q.other_answer_name:
                other_name = q.other_answer_name
                other: dict = {
                    "id": f"q-{other_name}",
                    "name": other_name,
                    "label": {"text": "Please say"},
                    "value": self.value(other_name) or "",
                    "classes": "nhsuk-u-width-two-thirds",
                }
                if other_name in self.errors:
                    other["errorMessage"] = {"text": self.errors[other_name]}
                widget["other"] = other
            return widget
        if kind is QuestionKind.GRID:
            rows = []
            for index, statement in enumerate(q.statements):
                rows.append(self._grid_row(field_, statement, index))
            return {"kind": "grid", "label": q.label, "hint": q.hint, "rows": rows, "name": q.name}
        raise ValueError(f"No widget for {kind}")

    def _grid_row(self, field_: Field, statement: Statement, index: int) -> dict:
        value = self.value(statement.name)
        params: dict = {
            "name": statement.name,
            "idPrefix": f"q-{statement.name}",
            "fieldset": {"legend": {"text": statement.label, "classes": "nhsuk-fieldset__legend--s"}},
            "classes": "nhsuk-radios--inline nhsuk-radios--small",
            "items": [{"value": choice, "text": label, "checked": choice == value} for choice, label in field_.choices],
        }
        if statement.name in self.errors:
            params["errorMessage"] = {"text": self.errors[statement.name]}
        return params


def _required_message(question: Question) -> str:
    if question.kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.SCALE}:
        return f"Select an answer to ‘{question.label}’"
    if question.kind is QuestionKind.MULTIPLE_CHOICE:
        return f"Select at least one answer to ‘{question.label}’"
    return f"Answer ‘{question.label}’"


def with_other_conditional(widget: dict, other_html: str) -> dict:
    """The checkboxes' "Other, please say" item reveals its text box (shown always without JavaScript)."""
    params = dict(widget["params"])
    params["items"] = [
        {**item, "conditional": {"html": other_html}} if item["value"] == OTHER_CHOICE_NAME else item
        for item in params["items"]
    ]
    return params


# -- The start page's consent --------------------------------------------------------------------

CONSENT_WORDING_VERSION = "survey-consent-1"
"""Change this whenever a statement below changes: each response records the version it was shown."""

CONSENT_STATEMENTS = {
    "take_part": "I want to take part in this survey. I know I can skip any question and stop at any time.",
    "health_data": (
        "I agree that my answers, including what I say about my physical and mental health, can be used "
        "by the lab team to understand people's experiences and improve care. They will only be reported "
        "in ways that do not identify me."
    ),
    "quote": "The lab team may quote my words anonymously in what the lab publishes (optional).",
    "contact": "The lab team may contact me about taking part further, using the e-mail address I give (optional).",
}
LINK_ACCOUNT_STATEMENT = "Link my answers to my CareLab account, so I can see later that I took part (optional)."


class StartForm(forms.Form):
    """Separate consents, each a statement of its own. Taking part and health data are needed to continue."""

    take_part = forms.BooleanField(
        label=CONSENT_STATEMENTS["take_part"],
        error_messages={"required": "Tick the box to say you want to take part, or leave the survey"},
    )
    health_data = forms.BooleanField(
        label=CONSENT_STATEMENTS["health_data"],
        error_messages={"required": "Tick the box to agree to the use of your health information, or leave the survey"},
    )
    quote = forms.BooleanField(label=CONSENT_STATEMENTS["quote"], required=False)
    contact = forms.BooleanField(label=CONSENT_STATEMENTS["contact"], required=False)
    email = forms.EmailField(
        label="Your e-mail address",
        required=False,
        max_length=254,
        help_text="Only used if you tick the box to be contacted. It is kept apart from your answers.",
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    link_account = forms.BooleanField(label=LINK_ACCOUNT_STATEMENT, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None or not user.is_authenticated:
            del self.fields["link_account"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter your e-mail address, or untick the box to be contacted")
        return cleaned

    def consents(self) -> dict:
        """Each consent given, with the exact wording shown and its version."""
        return {
            name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION}
            for name in CONSENT_STATEMENTS
            if self.cleaned_data.get(name)
        }

    def contact_email(self) -> str:
        return self.cleaned_data["email"] if self.cleaned_data.get("contact") else ""


class EmailLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        help_text="We use it once to send the link, then forget it.",
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
