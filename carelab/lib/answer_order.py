"""Which answers a survey's conditions, validations and calculations can use, given the order it is answered in.

CareLab works out expressions on the server (`carelab.surveys.runtime`): a page's questions
are checked when the page is saved, with the answers saved so far and the ones sent with the page;
then every calculation is worked out again, in the order the questions come, with every answer saved.
So an expression can only use what is known by then:

- A **section's condition** decides whether its page is shown at all, before anything on it is
  answered: it can only use answers from earlier pages.
- A **question's condition** and its **validation** can use answers from earlier pages and from
  their own page, in any position (the page shows the question and keeps its answer only if the
  condition holds when the page is saved).
- Calculations are worked out only after a page's answers are checked. So a condition or validation
  can only use a calculation from an earlier page, and only one whose answers, following any
  calculations it uses in turn, all come from pages before its own.
- A **calculation** is worked out again at every save and on submit, so it may use any answer;
  but it can only use calculations placed before it, which are worked out first. Its condition is a
  condition, so it keeps the question's rule for answers people give.

Instrument items count as answers given on their instrument's page. A reference to a name the
survey does not have, and an expression that cannot be read, are left to the checks that report
those; here they are skipped.

`later_answers` is the one statement of this rule: the survey builder refuses an edit that would
break it, and the XLSForm importer refuses a form that does. `later_answer_reasons` says why each is
refused, for the messages.
"""

from __future__ import annotations

from contextlib import suppress
from typing import NamedTuple

from carelab.lib.expressions import ExpressionError, parse
from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.lib.survey_definition import Question, QuestionKind, SurveyDefinition

# Where an expression is, as `LaterAnswer.where` names it, and its XLSForm column.
COLUMNS = {"section": "relevant", "question": "relevant", "validation": "constraint", "calculation": "calculation"}


class AnswerPlace(NamedTuple):
    """Where an answer is given: its page (section index) and its position among the survey's questions."""

    page: int
    position: int
    calculated: bool
    """Worked out by a calculation rather than given by a person."""


class LaterAnswer(NamedTuple):
    """An expression that uses an answer not yet known when it is worked out.

    ``where`` is ``"section"`` (a section's condition), ``"question"`` (a question's condition),
    ``"validation"`` (a question's constraint) or ``"calculation"``; ``owner`` is the section's or
    question's name and ``name`` the answer the expression uses.
    """

    where: str
    owner: str
    name: str

    @property
    def column(self) -> str:
        """The XLSForm column the expression is in: relevant, constraint or calculation."""
        return COLUMNS[self.where]


class Reason(NamedTuple):
    """Why a `LaterAnswer` is not known in time.

    ``calculation_too_late`` is false when ``answer`` is given too late: it is ``name`` itself, or
    an answer that the calculation ``name`` is worked out from; ``same_page`` says whether it is
    given on the expression's own page rather than a later one. It is true when ``name`` is a
    calculation worked out after the expression: on the same page as a question's condition or
    validation, or placed after (or being) the calculation that uses it.
    """

    answer: str
    same_page: bool
    calculation_too_late: bool


def answer_places(definition: SurveyDefinition) -> dict[str, AnswerPlace]:
    """Where each answer name is given, instrument items included; the first, if a name is used twice."""
    places: dict[str, AnswerPlace] = {}
    position = 0
    for page, section in enumerate(definition.sections):
        for question in section.questions:
            calculated = question.kind is QuestionKind.CALCULATE
            for name in question.answer_names:
                places.setdefault(name, AnswerPlace(page, position, calculated))
            position += 1
        if section.instrument:
            with suppress(UnknownInstrumentError):  # an unknown instrument is reported on its own
                for item in get_instrument(*section.instrument).items:
                    places.setdefault(item.id, AnswerPlace(page, position, False))
            position += 1
    return places


def _references(text: str) -> frozenset[str]:
    try:
        return parse(text).references if text else frozenset()
    except ExpressionError:  # reported where expressions are checked
        return frozenset()


class _Survey:
    """A definition's answers and calculations, for working out when each value is known."""

    def __init__(self, definition: SurveyDefinition):
        self.places = answer_places(definition)
        self.calculations = {
            question.name: _references(question.calculation)
            for question in definition.questions()
            if question.kind is QuestionKind.CALCULATE
        }
        self._latest: dict[str, str | None] = {}

    def latest_source(self, calculation: str) -> str | None:
        """The answer given last (by page, then position) that a calculation is worked out from, if any."""
        if calculation not in self._latest:
            self._latest[calculation] = None  # a calculation that uses itself, directly or not, stops here
            sources = []
            for name in self.calculations.get(calculation, ()):
                place = self.places.get(name)
                if place is None:
                    continue
                source = self.latest_source(name) if place.calculated else name
                if source is not None:
                    sources.append(source)
            self._latest[calculation] = max(sources, key=self._order, default=None)
        return self._latest[calculation]

    def _order(self, name: str) -> tuple[int, int]:
        place = self.places[name]
        return place.page, place.position

    def given_too_late(self, name: str, page: int) -> Reason | None:
        """For a calculation ``name``: why it is not known before ``page``, following what it uses."""
        source = self.latest_source(name)
        if source is not None and self.places[source].page >= page:
            return Reason(source, self.places[source].page == page, calculation_too_late=False)
        return None

    def section_reason(self, name: str, page: int) -> Reason | None:
        place = self.places[name]
        if place.page >= page:
            return Reason(name, place.page == page, calculation_too_late=False)
        return self.given_too_late(name, page) if place.calculated else None

    def question_reason(self, question: Question, where: str, name: str, page: int, position: int) -> Reason | None:
        place = self.places[name]
        if question.kind is QuestionKind.CALCULATE:
            if where == "question" and place.page > page:
                return Reason(name, False, calculation_too_late=False)
            if place.calculated and place.position >= position:
                return Reason(name, place.page == page, calculation_too_late=True)
            return None
        if place.page > page:
            return Reason(name, False, calculation_too_late=False)
        if place.calculated and place.page == page:
            return Reason(name, True, calculation_too_late=True)
        return self.given_too_late(name, page) if place.calculated else None


def later_answer_reasons(definition: SurveyDefinition) -> dict[LaterAnswer, Reason]:
    """Every condition, validation and calculation that uses an answer not known in time, and why."""
    survey = _Survey(definition)
    found: dict[LaterAnswer, Reason] = {}
    position = 0
    for page, section in enumerate(definition.sections):
        for name in sorted(_references(section.relevant) & survey.places.keys()):
            if reason := survey.section_reason(name, page):
                found[LaterAnswer("section", section.name, name)] = reason
        for question in section.questions:
            for where, text in (
                ("question", question.relevant),
                ("validation", question.constraint),
                ("calculation", question.calculation),
            ):
                for name in sorted(_references(text) & survey.places.keys()):
                    if reason := survey.question_reason(question, where, name, page, position):
                        found.setdefault(LaterAnswer(where, question.name, name), reason)
            position += 1
        if section.instrument:
            position += 1
    return found


def later_answers(definition: SurveyDefinition) -> set[LaterAnswer]:
    """Every condition, validation and calculation that uses an answer not known in time (see the module)."""
    return set(later_answer_reasons(definition))
