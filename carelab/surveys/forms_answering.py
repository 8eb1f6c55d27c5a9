"""The answering journey's forms, built from a survey version's definition.

`SectionForm` is one page: it reads what a person posted, checks it, and gives NHS.UK component
parameters to draw each question with. Which pages and questions are shown, and the answers kept,
are the runtime's (`carelab.surveys.runtime.SurveyPages`).

Rules worth knowing (the tests document each):

- Any question can be skipped unless the lab team marked it required. Nothing here ever stops
  a person because of what a safety check found.
- Stored answers: text as text, a single choice (and an instrument item, and a grid statement)
  as the choice name, a multiple choice as a list of choice names, whole numbers and the 0–10
  scale as int, decimals as int or float, dates as ISO text ("2026-03-01"), times as "14:30", a
  date and time as "2026-03-01T14:30", a ranking as the list of choice names, first choice first.
- A question's ``default`` (or the value its ``calculation`` works out from earlier pages) is its
  answer to start with, on a page not yet saved. A read-only question is shown, not asked.
- A ranking is a drop-down list of positions beside each choice, so it works without JavaScript;
  every choice needs a different position.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date
from functools import cached_property

from django import forms

from carelab.lib.expressions import (
    ExpressionError,
    satisfies_constraint,
)
from carelab.lib.survey_definition import (
    OTHER_CHOICE_NAME,
    Question,
    QuestionKind,
    Scale,
    Section,
    Statement,
)
from carelab.surveys.runtime import (
    TEXT_KINDS,
    Field,
    SurveyPages,
    choice_filter_of,
    condition_holds,
    display_number,
    filtered_choices,
    is_dropdown,
    live_readings,
    parsed_condition,
    worked_out_answer,
)

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
RETURN_FIELD = "carelab-return"

_WHOLE_NUMBER = re.compile(r"^[+-]?\d{1,12}$")
# ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() refuses or reads differently.
_SCALE_POINT = re.compile(r"^-?[0-9]{1,6}$", re.ASCII)
_DECIMAL = re.compile(r"^[+-]?(\d{1,12}(\.\d{0,6})?|\.\d{1,6})$")
_CLOCK_PART = re.compile(r"^[0-9]{1,2}$", re.ASCII)
# XLSForm appearances that lay choices out in a row; on the web, NHS.UK's inline radios.
_INLINE_APPEARANCES = frozenset({"horizontal", "horizontal-compact", "columns", "columns-pack", "likert", "compact"})
# A NUL character cannot be stored (PostgreSQL refuses it); what was typed is kept on the page.
UNSAVABLE_CHARACTER = (
    "Your answer has an invisible control character that cannot be saved. Delete it, or retype the answer"
)


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
        if q.read_only:
            return  # shown, not asked: the runtime works it out on every save
        if kind is QuestionKind.TIME:
            self._read_time(field_)
        elif kind is QuestionKind.DATETIME:
            self._read_date(field_)
            if name in self.errors:  # keep the time as typed beside the date's mistake
                self.date_parts[name].update(
                    {part: data.get(f"{name}-{part}", "").strip() for part in ("hour", "minute")}
                )
            else:
                self._read_time(field_, date_part=self.values[name])
        elif kind is QuestionKind.RANK:
            self._read_rank(field_)
        elif kind in TEXT_KINDS:
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

    def _read_time(self, field_: Field, date_part: object = None) -> None:
        """Hour and minute boxes, 24-hour clock: "14:30", or with the date "2026-03-01T14:30"."""
        name = field_.name
        parts = {part: self.data.get(f"{name}-{part}", "").strip() for part in ("hour", "minute")}
        self.date_parts.setdefault(name, {}).update(parts)
        dated = field_.kind is QuestionKind.DATETIME
        self.values[name] = None
        if not any(parts.values()):
            if dated and date_part:
                self._error(name, "Enter the time as well as the date, like 14 30", f"q-{name}-hour")
            return
        if dated and not date_part:
            self._error(name, "Enter the date as well as the time", f"q-{name}-day")
            return
        missing = [part for part, value in parts.items() if not value]
        if missing:
            self._error(
                name,
                f"The time must include {'an' if missing[0] == 'hour' else 'a'} {missing[0]}",
                f"q-{name}-{missing[0]}",
            )
            return
        if not (_CLOCK_PART.match(parts["hour"]) and _CLOCK_PART.match(parts["minute"])) or not (
            int(parts["hour"]) < 24 and int(parts["minute"]) < 60
        ):
            self._error(
                name,
                "Enter a real time on the 24-hour clock, like 14 30 for half past 2 in the afternoon",
                f"q-{name}-hour",
            )
            return
        time = f"{int(parts['hour']):02d}:{int(parts['minute']):02d}"
        self.values[name] = f"{date_part}T{time}" if dated else time

    def _read_rank(self, field_: Field) -> None:
        """A position for every choice, each used once; stored as the choice names in order."""
        name, choices = field_.name, field_.choices
        positions: dict[str, str] = {
            choice: self.data.get(_rank_field(name, choice), "").strip() for choice, _ in choices
        }
        self.date_parts[name] = positions  # what was chosen, kept on the page when something is wrong
        self.values[name] = None
        given = {choice: position for choice, position in positions.items() if position}
        if not given:
            return
        count = len(choices)
        every = f"Give every choice a different number from 1 to {count}"
        if len(given) < count or not all(
            _SCALE_POINT.match(position) and 1 <= int(position) <= count for position in given.values()
        ):
            self._error(name, every, f"q-{name}-1")
            return
        if len(set(given.values())) < count:
            self._error(name, f"{every}: a number is used more than once", f"q-{name}-1")
            return
        self.values[name] = sorted(given, key=lambda choice: int(given[choice]))

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
        if not q.kind.is_answered or q.read_only or field_.name in self.errors:
            return
        if q.required:
            if q.kind is QuestionKind.GRID:
                for statement in q.statements:
                    if self.values.get(statement.name) is None:
                        self._error(statement.name, q.required_message or f"Answer ‘{statement.label}’")
            elif self.values.get(q.name) is None:
                message = q.required_message or _required_message(q)
                self._error(q.name, message, _first_item(q))
        value = self.values.get(q.name)
        if value is not None and q.choice_filter and not self._kept_by_choice_filter(field_, value, merged):
            self._error(q.name, "Choose an answer that goes with your other answers on this page", _first_item(q))
            return
        if q.constraint and value is not None and q.kind is not QuestionKind.GRID:
            try:
                ok = satisfies_constraint(q.constraint, value, merged, self.pages.today)
            except (ExpressionError, ValueError):
                ok = True
            if not ok:
                message = q.constraint_message or "Check your answer"
                self._error(q.name, message, _first_item(q))

    def _kept_by_choice_filter(self, field_: Field, value: object, merged: Mapping[str, object]) -> bool:
        """Whether every choice in the answer is one the filter keeps, given this page's answers too."""
        choice_filter = choice_filter_of(field_.question, self.pages.definition)
        if choice_filter is None or not choice_filter.references & self.pages.section_answer_names(self.section):
            return True  # filtered when the page was drawn; only the choices offered are accepted
        allowed = {
            choice.name for choice in filtered_choices(field_.question, self.pages.definition, merged, self.pages.today)
        }
        chosen = value if isinstance(value, list) else [value]
        return set(chosen) <= allowed

    # -- Drawing --------------------------------------------------------------------------------

    def value(self, name: str) -> object:
        if self.data is not None:
            return self.values.get(name)
        if name in self.stored or self.page_was_saved:
            return self.stored.get(name)
        return self.starting_answers.get(name)

    @cached_property
    def page_was_saved(self) -> bool:
        """Whether a person's answer to this page is stored (worked-out answers do not count)."""
        given = {
            name
            for field_ in self.fields
            if field_.kind.is_answered and not field_.question.read_only
            for name in field_.answer_names
        }
        return any(self.stored.get(name) is not None for name in given)

    @cached_property
    def starting_answers(self) -> dict[str, object]:
        """Each question's answer to start with: its worked-out value or default, read as a posted answer is."""
        starting: dict[str, object] = {}
        for field_ in self.fields:
            q = field_.question
            if q.read_only or not q.kind.is_answered or q.kind is QuestionKind.GRID:
                continue
            text = worked_out_answer(q, self.stored, self.pages.today)
            if not text:
                continue
            if q.kind in {QuestionKind.MULTIPLE_CHOICE, QuestionKind.RANK}:
                starting[q.name] = text.split()
            elif q.kind in {QuestionKind.WHOLE_NUMBER, QuestionKind.DECIMAL, QuestionKind.SCALE}:
                starting[q.name] = text
            else:
                starting[q.name] = text
        return starting

    def read_only_text(self, field_: Field) -> str:
        """What a read-only question shows: its worked-out answer, with choice labels for choices."""
        value = self.pages.read_only_value(field_.question, self.stored)
        if value == "" or value is None:
            return "Not known yet"
        if field_.kind.uses_choices:
            chosen = value if isinstance(value, list) else [value]
            return ", ".join(field_.choice_label(str(choice)) for choice in chosen)
        return display_number(value) if isinstance(value, int | float) else str(value)

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
        # A validated instrument's items are asked exactly as published: its page says they can be skipped.
        mark = self.pages.instrument(self.section) is None
        return [
            {
                **_marked_optional(self._widget(field_), field_.question, mark),
                "live": self._live_question(field_) if live else "",
            }
            for field_ in self.visible_fields()
        ]

    @property
    def has_required_questions(self) -> bool:
        """Whether a question shown on this page must be answered (so not every one can be skipped)."""
        return any(field_.question.required for field_ in self.visible_fields())

    # -- Live conditions (carelab/static/carelab/conditions.mjs) ---------------------------------

    @cached_property
    def live_conditions(self) -> str:
        """What the page's script needs to show and hide questions as they are answered, as JSON.

        Empty when no question on the page has a condition. Holds today's date, the answers saved on
        other pages that the conditions refer to (nothing more), this page's answer names and which of
        them are calculations. The script is a convenience: the server still decides on save.
        """
        conditions = [
            condition for field_ in self.visible_fields() if (condition := parsed_condition(field_.question.relevant))
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
        condition = parsed_condition(field_.question.relevant)
        return json.dumps(
            {"answers": live_readings(field_.question), "relevant": condition.as_tree() if condition else None},
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
        if q.read_only:
            return {
                "kind": "readOnly",
                "label": q.label,
                "hint": q.hint,
                "value": self.read_only_text(field_),
                "name": q.name,
            }
        if kind in {QuestionKind.TIME, QuestionKind.DATETIME}:
            return self._clock_widget(field_, params, legend, value)
        if kind is QuestionKind.RANK:
            return self._rank_widget(field_, value)
        if is_dropdown(q):
            params.update(id=f"q-{q.name}", label={"text": q.label, "classes": "nhsuk-label--s"})
            params["items"] = [{"value": "", "text": "Choose an answer", "selected": not value}] + [
                {"value": choice, "text": label, "selected": choice == value} for choice, label in field_.choices
            ]
            return {"kind": "select", "params": params}
        if kind in TEXT_KINDS:
            params.update(id=f"q-{q.name}", label={"text": q.label, "classes": "nhsuk-label--s"})
            params["value"] = value or ""
            if "numbers" in q.appearance.split():
                params["inputmode"] = "numeric"
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
            if _is_inline(q):
                params["classes"] = "nhsuk-radios--inline"
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

    def _clock_widget(self, field_: Field, params: dict, legend: dict, value: object) -> dict:
        """Hour and minute boxes (after day, month and year for a date and time), as NHS.UK's date input."""
        q = field_.question
        parts = self.date_parts.get(q.name)
        if parts is None:
            text = str(value) if value else ""
            day_text, _, time_text = (
                text.rpartition("T") if "T" in text or q.kind is QuestionKind.TIME else (text, "", "")
            )
            year, month, day = (day_text.split("-") + ["", "", ""])[:3] if day_text else ("", "", "")
            hour, minute = (time_text.split(":") + ["", ""])[:2] if time_text else ("", "")
            parts = {
                "day": day.lstrip("0"),
                "month": month.lstrip("0"),
                "year": year,
                "hour": hour,
                "minute": minute[:2],
            }
        names = ("hour", "minute") if q.kind is QuestionKind.TIME else ("day", "month", "year", "hour", "minute")
        error = q.name in self.errors
        clock = "Use the 24-hour clock, for example 14 30 for half past 2 in the afternoon."
        params.update(
            id=f"q-{q.name}",
            fieldset={"legend": legend},
            hint={"text": f"{q.hint} {clock}".strip()},
            items=[
                {
                    "id": f"q-{q.name}-{part}",
                    "name": f"{q.name}-{part}",
                    "label": {"minute": "Minutes"}.get(part, part.capitalize()),
                    "value": parts.get(part, ""),
                    "width": 4 if part == "year" else 2,
                    "classes": "nhsuk-input--error" if error else "",
                }
                for part in names
            ],
        )
        return {"kind": "dateInput", "params": params}

    def _rank_widget(self, field_: Field, value: object) -> dict:
        """A drop-down list of positions beside each choice: 1 for the choice that matters most."""
        q = field_.question
        positions = self.date_parts.get(q.name)
        if positions is None:
            order = value if isinstance(value, list) else []
            positions = {choice: str(order.index(choice) + 1) for choice, _ in field_.choices if choice in order}
        count = len(field_.choices)
        selects = []
        for index, (choice, label) in enumerate(field_.choices, start=1):
            chosen = positions.get(choice, "")
            selects.append(
                {
                    "id": f"q-{q.name}-{index}",
                    "name": _rank_field(q.name, choice),
                    "label": {"text": label},
                    "classes": "nhsuk-select--error" if q.name in self.errors else "",
                    "items": [{"value": "", "text": "Choose a position", "selected": not chosen}]
                    + [{"value": str(n), "text": str(n), "selected": str(n) == chosen} for n in range(1, count + 1)],
                }
            )
        hint = (
            f"Give each choice a number from 1 to {count}, with 1 for the one that matters most to you. "
            "Use each number once."
        )
        return {
            "kind": "rank",
            "name": q.name,
            "label": q.label,
            "hint": f"{q.hint} {hint}".strip() if q.hint else hint,
            "error": self.errors.get(q.name, ""),
            "selects": selects,
        }

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


OPTIONAL = " (optional)"


def _marked_optional(widget: dict, question: Question, mark: bool) -> dict:
    """The NHS.UK question pattern: "(optional)" after the label or legend of a question that may be
    skipped; questions that must be answered are not marked."""
    if not mark or question.required or widget["kind"] in {"information", "readOnly"}:
        return widget
    if "params" not in widget:  # a grid or a ranking: its own label heads the question
        return {**widget, "label": widget["label"] + OPTIONAL}
    params = dict(widget["params"])
    if "label" in params:
        params["label"] = {**params["label"], "text": params["label"]["text"] + OPTIONAL}
    elif "fieldset" in params:
        legend = params["fieldset"]["legend"]
        params["fieldset"] = {**params["fieldset"], "legend": {**legend, "text": legend["text"] + OPTIONAL}}
    return {**widget, "params": params}


def _rank_field(question_name: str, choice: str) -> str:
    """The posted name of one choice's position in a ranking."""
    return f"{question_name}--{choice}"


def _is_inline(question: Question) -> bool:
    words = set(question.appearance.split())
    return bool(words & _INLINE_APPEARANCES) or any(word.startswith("columns-") for word in words)


def _first_item(question: Question) -> str:
    """The element an error about the question points to: its first box, list or option."""
    return {
        QuestionKind.DATE: f"q-{question.name}-day",
        QuestionKind.DATETIME: f"q-{question.name}-day",
        QuestionKind.TIME: f"q-{question.name}-hour",
        QuestionKind.RANK: f"q-{question.name}-1",
    }.get(question.kind, f"q-{question.name}")


def _required_message(question: Question) -> str:
    if question.kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.SCALE}:
        return f"Select an answer to ‘{question.label}’"
    if question.kind is QuestionKind.MULTIPLE_CHOICE:
        return f"Select at least one answer to ‘{question.label}’"
    if question.kind is QuestionKind.RANK:
        return f"Put the choices in order for ‘{question.label}’"
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
LINK_ACCOUNT_STATEMENT = (
    "Link my answers to my CareLab account, so I can carry on with them on any device and see later "
    "that I took part (optional)."
)


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
