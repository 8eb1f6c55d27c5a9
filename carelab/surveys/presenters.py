"""Display values for survey pages: the check-your-answers summary, free-text answers with
suspected personal data marked or removed."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from markupsafe import Markup, escape

from carelab.lib.survey_definition import OTHER_CHOICE_NAME, QuestionKind
from carelab.lib.text_checks import PersonalDataSpan
from carelab.surveys.forms_answering import Field, SurveyPages, condition_holds, display_number

NOT_ANSWERED = "Not answered"


def _format_date(iso: str) -> str:
    try:
        value = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return f"{value.day} {value:%B %Y}"


def answer_text(field_: Field, answers: dict, name: str | None = None) -> str:
    """One answer as the person would say it: choice labels, not names; dates in words."""
    name = name or field_.name
    value = answers.get(name)
    if value is None or value == [] or value == "":
        return NOT_ANSWERED
    kind = field_.kind
    if kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.GRID}:
        return field_.choice_label(value)
    if kind is QuestionKind.MULTIPLE_CHOICE:
        labels = []
        for choice in value:
            if choice == OTHER_CHOICE_NAME and answers.get(field_.question.other_answer_name or ""):
                labels.append(f"{field_.choice_label(choice)}: {answers[field_.question.other_answer_name]}")
            else:
                labels.append(field_.choice_label(choice))
        return "; ".join(labels)
    if kind is QuestionKind.DATE:
        return _format_date(value)
    if kind in {QuestionKind.WHOLE_NUMBER, QuestionKind.DECIMAL, QuestionKind.SCALE}:
        return display_number(value)
    return str(value)


@dataclass
class SummarySection:
    title: str
    number: int
    rows: list[dict]


class AnswerSummary:
    """Each section shown, with a summary-list row per question and a change link to its page."""

    def __init__(self, pages: SurveyPages, answers: dict, survey):
        self.pages, self.answers, self.survey = pages, answers, survey

    def sections(self) -> list[SummarySection]:
        result = []
        for number in self.pages.shown_numbers(self.answers):
            section = self.pages.section(number)
            change_url = reverse("surveys:section", args=[self.survey.lab.slug, self.survey.slug, number])
            rows = []
            for field_ in self.pages.fields(section, self.answers):
                if not field_.kind.is_answered:
                    continue
                if not condition_holds(field_.question.relevant, self.answers, self.pages.today):
                    continue
                if field_.kind is QuestionKind.GRID:
                    for statement in field_.question.statements:
                        label = f"{field_.question.label}: {statement.label}"
                        rows.append(
                            self._row(
                                label, answer_text(field_, self.answers, statement.name), change_url, statement.name
                            )
                        )
                else:
                    rows.append(
                        self._row(field_.question.label, answer_text(field_, self.answers), change_url, field_.name)
                    )
            if rows:
                result.append(SummarySection(self.pages.section_title(section), number, rows))
        return result

    @staticmethod
    def _row(label: str, value: str, change_url: str, name: str) -> dict:
        return {
            "key": {"text": label},
            "value": {"text": value},
            "actions": {
                "items": [
                    {"href": f"{change_url}?return=check#q-{name}", "text": "Change", "visuallyHiddenText": label}
                ]
            },
        }


def _lines(text: str) -> Markup:
    """Escaped text with its line breaks kept as <br>."""
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


_MARK = Markup(
    '<mark class="carelab-personal-data"><span class="nhsuk-u-visually-hidden">Suspected {}: </span>{}</mark>'
)


def marked_answer(text: str, spans: tuple[PersonalDataSpan, ...]) -> Markup:
    """An answer, escaped, with each suspected piece of personal data in a <mark> whose
    visually hidden label names the kind, for screen readers."""
    pieces, position = [], 0
    for span in spans:
        pieces.append(_lines(text[position : span.start]))
        pieces.append(_MARK.format(span.kind, _lines(text[span.start : span.end])))
        position = span.end
    pieces.append(_lines(text[position:]))
    return Markup("").join(pieces)


def redacted_answer(text: str, spans: tuple[PersonalDataSpan, ...]) -> Markup:
    """An answer, escaped, with each suspected piece of personal data replaced by "[kind removed]"."""
    pieces, position = [], 0
    for span in spans:
        pieces.append(_lines(text[position : span.start]))
        pieces.append(Markup('<span class="carelab-redacted">[{} removed]</span>').format(span.kind))
        position = span.end
    pieces.append(_lines(text[position:]))
    return Markup("").join(pieces)
