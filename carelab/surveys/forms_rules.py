"""Conditions and validations in the builder, chosen from lists rather than written as expressions.

A question's or section's form holds both: the lists (which earlier question, how to compare,
which answers or numbers) and, in a details element, the expression itself (``relevant`` or
``constraint``), which the lists write and which stays editable by hand. What is saved:

- only the lists changed: the expression they write;
- only the expression changed: the expression as typed;
- both changed and they disagree: an error asking which to keep (nothing is lost).

"Changed" is measured against what is stored, so the form keeps no hidden state and works the
same when the page is shown again for its next step or with errors. A stored expression the
lists cannot say (`carelab.lib.simple_rules` reads it as None) is shown as written, and the lists
start empty. Without JavaScript, choosing the question and pressing "Show the answers to choose
from" (``RULE_STEP``) shows the page again with the comparisons and values for that question;
`rule_builder.mjs` does the same in place.
"""

from __future__ import annotations

import math
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.forms.utils import ErrorDict

from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.lib.simple_rules import (
    TODAY,
    Comparison,
    Limits,
    Measure,
    Rule,
    RuleValue,
    Today,
    limits_expression,
    read_limits,
    read_rule,
    rule_expression,
)
from carelab.lib.survey_definition import Question, QuestionKind, SurveyDefinition

RULE_STEP = "rule_step"
"""The name of the buttons that show the form again for its next step, without saving."""

CHOICE, CHOICES, NUMBER, DATE, TEXT = "choice", "choices", "number", "date", "text"
SUBJECT_KINDS = {
    QuestionKind.SINGLE_CHOICE: CHOICE,
    QuestionKind.MULTIPLE_CHOICE: CHOICES,
    QuestionKind.WHOLE_NUMBER: NUMBER,
    QuestionKind.DECIMAL: NUMBER,
    QuestionKind.SCALE: NUMBER,
    QuestionKind.CALCULATE: NUMBER,
    QuestionKind.DATE: DATE,
    QuestionKind.SHORT_TEXT: TEXT,
    QuestionKind.LONG_TEXT: TEXT,
}
ANSWERED = [(Comparison.ANSWERED, "has been answered"), (Comparison.NOT_ANSWERED, "has not been answered")]
COMPARISONS = {
    CHOICE: [
        (Comparison.IS, "is one of the answers ticked below"),
        (Comparison.IS_NOT, "is none of the answers ticked below"),
        *ANSWERED,
    ],
    CHOICES: [
        (Comparison.INCLUDES, "includes any of the answers ticked below"),
        (Comparison.INCLUDES_ALL, "includes all of the answers ticked below"),
        (Comparison.EXCLUDES, "includes none of the answers ticked below"),
        *ANSWERED,
    ],
    NUMBER: [
        (Comparison.IS, "is equal to (=)"),
        (Comparison.IS_NOT, "is not equal to (≠)"),
        (Comparison.LESS, "is less than (<)"),
        (Comparison.AT_MOST, "is at most (≤)"),
        (Comparison.MORE, "is more than (>)"),
        (Comparison.AT_LEAST, "is at least (≥)"),
        (Comparison.BETWEEN, "is between (both numbers included)"),
        *ANSWERED,
    ],
    DATE: [
        (Comparison.IS, "is on"),
        (Comparison.IS_NOT, "is not on"),
        (Comparison.LESS, "is before"),
        (Comparison.AT_MOST, "is on or before"),
        (Comparison.MORE, "is after"),
        (Comparison.AT_LEAST, "is on or after"),
        (Comparison.BETWEEN, "is between (both dates included)"),
        *ANSWERED,
    ],
    TEXT: [(Comparison.IS, "is exactly"), (Comparison.IS_NOT, "is not exactly"), *ANSWERED],
}
VALIDATION_MEASURES = {
    QuestionKind.WHOLE_NUMBER: (Measure.ANSWER, NUMBER),
    QuestionKind.DECIMAL: (Measure.ANSWER, NUMBER),
    QuestionKind.DATE: (Measure.ANSWER, DATE),
    QuestionKind.SHORT_TEXT: (Measure.LENGTH, NUMBER),
    QuestionKind.LONG_TEXT: (Measure.LENGTH, NUMBER),
    QuestionKind.MULTIPLE_CHOICE: (Measure.COUNT, NUMBER),
}
LIMIT_LABELS = {
    (Measure.ANSWER, NUMBER): ("Lowest answer allowed (optional)", "Highest answer allowed (optional)"),
    (Measure.ANSWER, DATE): ("Earliest date allowed (optional)", "Latest date allowed (optional)"),
    (Measure.LENGTH, NUMBER): ("Fewest characters allowed (optional)", "Most characters allowed (optional)"),
    (Measure.COUNT, NUMBER): ("Fewest answers allowed (optional)", "Most answers allowed (optional)"),
}
DATE_HINT = "As year-month-day, for example 2024-01-31, or the word today."
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class OfferedChoiceField(forms.ChoiceField):
    """A choice from the list offered now; anything else, such as a comparison posted for the question
    chosen before, counts as not chosen, so changing the question never shows an error of its own."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if self.valid_value(value) else ""

    def validate(self, value):
        pass


class OfferedChoicesField(forms.MultipleChoiceField):
    """Choices from the list offered now; others (the answers of the question chosen before) are left out."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if self.valid_value(item)]

    def validate(self, value):
        pass


@dataclass(frozen=True)
class Subject:
    """An earlier answer a condition can be about, as the lists offer it."""

    name: str
    label: str
    kind: str
    choices: tuple[tuple[str, str], ...] = ()


def _question_subjects(definition: SurveyDefinition, question: Question) -> list[Subject]:
    label = question.label or question.name
    if question.kind is QuestionKind.GRID:
        choice_list = definition.choice_list(question.choices_list)
        choices = tuple((c.name, c.label) for c in choice_list.choices) if choice_list else ()
        return [Subject(s.name, f"{label}: {s.label}", CHOICE, choices) for s in question.statements]
    kind = SUBJECT_KINDS.get(question.kind)
    if kind is None:
        return []
    choices = tuple((c.name, c.label) for c in definition.choices_for(question)) if kind in (CHOICE, CHOICES) else ()
    return [Subject(question.name, label, kind, choices)]


def rule_subjects(
    definition: SurveyDefinition,
    *,
    section_index: int | None,
    before: str | None = None,
    for_section: bool = False,
) -> list[Subject]:
    """The answers given before a question or section, in order, that a condition can be about.

    A section's condition uses earlier pages only; a question's, earlier pages and the questions
    before it on its own page (``before`` is its name; None for a new question, which goes last),
    but not a calculation on its own page, which is worked out only after the page is saved.
    """
    subjects: list[Subject] = []
    last = len(definition.sections) if section_index is None else section_index
    for index, section in enumerate(definition.sections):
        same_page = index == last
        if index > last or (same_page and for_section):
            break
        if section.instrument:
            with suppress(UnknownInstrumentError):
                instrument = get_instrument(*section.instrument)
                for item in instrument.items:
                    options = tuple((option.value, option.label) for option in item.options)
                    subjects.append(Subject(item.id, f"{instrument.title}: {item.text}", CHOICE, options))
            continue
        for question in section.questions:
            if same_page and question.name == before:
                break
            if same_page and question.kind is QuestionKind.CALCULATE:
                continue
            subjects += _question_subjects(definition, question)
    return subjects


# -- Reading typed values --------------------------------------------------------------------------


def typed_value(text: str, kind: str, what: str) -> RuleValue:
    """A value typed into the lists' box as the rule holds it, or a ValidationError saying what to type."""
    text = text.strip()
    if kind == NUMBER:
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise forms.ValidationError(f"{what} must be a number, like 3 or 2.5") from None
        if not number.is_finite() or not math.isfinite(float(number)) or abs(number) > 10**12:
            raise forms.ValidationError(f"{what} must be a number, like 3 or 2.5")
        return float(number)
    if kind == DATE:
        if text.lower() == "today":
            return TODAY
        if match := _DAY_MONTH_YEAR.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            text = f"{year:04d}-{month:02d}-{day:02d}"
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise forms.ValidationError(f"{what} must be a real date, like 2024-01-31, or the word today") from None
    if "'" in text and '"' in text:
        raise forms.ValidationError(f"{what} cannot contain both ' and \" quotation marks")
    return text


def _shown_value(value: RuleValue) -> str:
    if isinstance(value, Today):
        return "today"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    return value


def _fits(value: RuleValue, kind: str, choices: set[str]) -> bool:
    if kind in (CHOICE, CHOICES):
        return isinstance(value, str) and value in choices
    if kind == NUMBER:
        return isinstance(value, float)
    if kind == DATE:
        if isinstance(value, Today):
            return True
        try:
            return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
        except ValueError:
            return False
    return isinstance(value, str)


# -- The form part ---------------------------------------------------------------------------------


class RulesMixin:
    """Adds a condition's lists (``condition_*``) and, for questions, a validation's (``validation_*``)."""

    def add_condition_fields(self, subjects: list[Subject], stored: str) -> None:
        self.subjects = {subject.name: subject for subject in subjects}
        self.stored_condition = stored
        rule = read_rule(stored)
        if rule is not None and not self._rule_fits(rule):
            rule = None
        self.stored_rule = rule
        self.fields["condition_question"] = forms.ChoiceField(
            label="Question it depends on",
            required=False,
            choices=[("", "Always show it (no condition)")] + [(s.name, s.label) for s in subjects],
            error_messages={"invalid_choice": "Select a question from the list"},
        )
        if rule is not None and not self.is_bound:
            # Before any field is looked at: a bound field keeps the initial value it first saw.
            self.initial.update(self._rule_initial(rule))
        subject = self.chosen_subject
        kind = subject.kind if subject else TEXT
        self.fields["condition_comparison"] = OfferedChoiceField(
            label="Show it when the answer", required=False, choices=COMPARISONS[kind]
        )
        self.fields["condition_choices"] = OfferedChoicesField(
            label="Answers",
            required=False,
            choices=list(subject.choices) if subject else [],
            widget=forms.CheckboxSelectMultiple,
        )
        value_label = "Date" if kind == DATE else ("Number" if kind == NUMBER else "Answer")
        self.fields["condition_value"] = forms.CharField(label=value_label, required=False, max_length=200)
        self.fields["condition_value_to"] = forms.CharField(
            label="And (for “is between”)", required=False, max_length=200
        )

    def _rule_fits(self, rule: Rule) -> bool:
        subject = self.subjects.get(rule.question)
        if subject is None or rule.comparison not in dict(COMPARISONS[subject.kind]):
            return False
        choices = {name for name, _label in subject.choices}
        return all(_fits(value, subject.kind, choices) for value in rule.values)

    def _rule_initial(self, rule: Rule) -> dict:
        initial: dict = {"condition_question": rule.question, "condition_comparison": rule.comparison.value}
        if self.subjects[rule.question].kind in (CHOICE, CHOICES):
            initial["condition_choices"] = list(rule.values)
        elif rule.values:
            initial["condition_value"] = _shown_value(rule.values[0])
            if len(rule.values) > 1:
                initial["condition_value_to"] = _shown_value(rule.values[1])
        return initial

    @property
    def chosen_subject(self) -> Subject | None:
        """The question the lists are about: as posted, else as stored."""
        name = self["condition_question"].value() if "condition_question" in self.fields else None
        return self.subjects.get(name or "")

    @property
    def condition_is_hand_written(self) -> bool:
        return bool(self.stored_condition) and self.stored_rule is None

    def condition_from_lists(self) -> str:
        """The expression the lists say ('' when no question is chosen), adding errors for what is missing."""
        data = self.cleaned_data
        if "condition_question" not in self.data:  # posted without the lists: they say what is stored
            return self.stored_simple_condition()
        subject = self.subjects.get(data.get("condition_question") or "")
        if subject is None:
            return ""
        comparison = data.get("condition_comparison")
        if not comparison:
            if "condition_comparison" not in self.errors:
                self.add_error("condition_comparison", "Select how to compare the answer")
            return ""
        comparison = Comparison(comparison)
        values: tuple[RuleValue, ...] = ()
        if comparison in (Comparison.ANSWERED, Comparison.NOT_ANSWERED):
            values = ()
        elif subject.kind in (CHOICE, CHOICES):
            values = tuple(data.get("condition_choices") or ())
            fewest = 2 if comparison is Comparison.INCLUDES_ALL else 1
            if len(values) < fewest:
                self.add_error(
                    "condition_choices",
                    "Select at least 2 answers" if fewest == 2 else "Select at least one answer",
                )
                return ""
        else:
            try:
                values = self._typed_values(subject, comparison, data)
            except forms.ValidationError:
                return ""
        return rule_expression(Rule(subject.name, comparison, values))

    def _typed_values(self, subject: Subject, comparison: Comparison, data: dict) -> tuple[RuleValue, ...]:
        what = "The date" if subject.kind == DATE else ("The number" if subject.kind == NUMBER else "The answer")
        fields = ["condition_value", "condition_value_to"] if comparison is Comparison.BETWEEN else ["condition_value"]
        values = []
        failed = False
        for field in fields:
            text = (data.get(field) or "").strip()
            if not text:
                missing = "Enter the second " if field == "condition_value_to" else "Enter the "
                self.add_error(field, missing + what.removeprefix("The ").lower() + " to compare with")
                failed = True
                continue
            try:
                values.append(typed_value(text, subject.kind, what))
            except forms.ValidationError as error:
                self.add_error(field, error)
                failed = True
        if failed:
            raise forms.ValidationError("")
        return tuple(values)

    # -- Validation ---------------------------------------------------------------------------

    def add_validation_fields(self, kind: QuestionKind, stored: str) -> None:
        self.stored_constraint = stored
        self.validation = VALIDATION_MEASURES.get(kind)
        limits = read_limits(stored)
        if limits is not None and (self.validation is None or limits.measure is not self.validation[0]):
            limits = None
        if limits is not None:
            value_kind = self.validation[1]
            bounds = [value for value in (limits.minimum, limits.maximum) if value is not None]
            if not all(_fits(value, value_kind, set()) for value in bounds):
                limits = None
        self.stored_limits = limits
        low, high = LIMIT_LABELS[self.validation or (Measure.ANSWER, NUMBER)]
        hint = DATE_HINT if self.validation and self.validation[1] == DATE else None
        self.fields["validation_min"] = forms.CharField(label=low, required=False, max_length=30, help_text=hint)
        self.fields["validation_max"] = forms.CharField(label=high, required=False, max_length=30, help_text=hint)
        if limits is not None and not self.is_bound:
            if limits.minimum is not None:
                self.initial["validation_min"] = _shown_value(limits.minimum)
            if limits.maximum is not None:
                self.initial["validation_max"] = _shown_value(limits.maximum)

    @property
    def constraint_is_hand_written(self) -> bool:
        return bool(self.stored_constraint) and self.stored_limits is None

    def constraint_from_lists(self) -> str:
        if self.validation is None:
            return ""
        if "validation_min" not in self.data and "validation_max" not in self.data:
            return self.stored_simple_constraint()
        measure, value_kind = self.validation
        bounds = []
        for field, what in (("validation_min", "The lowest value"), ("validation_max", "The highest value")):
            text = (self.cleaned_data.get(field) or "").strip()
            if not text:
                bounds.append(None)
                continue
            try:
                value = typed_value(text, value_kind, what)
            except forms.ValidationError as error:
                self.add_error(field, error)
                return ""
            if measure is not Measure.ANSWER and not (isinstance(value, float) and value.is_integer() and value >= 0):
                self.add_error(field, f"{what} must be a whole number, 0 or more")
                return ""
            bounds.append(value)
        low, high = bounds
        if low is None and high is None:
            return ""
        if type(low) is type(high) and isinstance(low, float | str) and low > high:  # type: ignore[operator]
            self.add_error("validation_max", "The highest value must be the same as the lowest or more")
            return ""
        return limits_expression(Limits(measure, low, high))

    # -- Which wins -----------------------------------------------------------------------------

    def resolve(self, field: str, stored: str, stored_simple: str, from_lists: str) -> str:
        """The expression to save in ``field``: the lists', the typed one, or an error when both changed."""
        typed = (self.cleaned_data.get(field) or "").strip()
        typed_changed = typed != stored
        lists_changed = from_lists != stored_simple
        if lists_changed and typed_changed and from_lists != typed:
            what = "condition" if field == "relevant" else "validation rule"
            self.add_error(
                field,
                f"You changed the {what} in the lists and in the expression, and they differ. "
                "Make them the same, or put one back as it was",
            )
            return typed
        return from_lists if lists_changed else typed

    def stored_simple_condition(self) -> str:
        return rule_expression(self.stored_rule) if self.stored_rule else ""

    def stored_simple_constraint(self) -> str:
        return limits_expression(self.stored_limits) if self.stored_limits else ""

    def shown_again(self) -> None:
        """Show the posted form again for its next step: nothing is checked, so no errors show."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
