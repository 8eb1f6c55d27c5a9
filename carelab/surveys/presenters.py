"""Display values for survey pages: the check-your-answers summary, free-text answers with
suspected personal data marked or removed."""

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict
from django.urls import reverse
from markupsafe import Markup, escape

from carelab.lib.survey_definition import OTHER_CHOICE_NAME, QuestionKind, SurveyDefinition
from carelab.lib.survey_languages import language_code, language_name, language_parameter, text_direction
from carelab.lib.text_checks import PersonalDataSpan
from carelab.surveys.answer_rows import ItemKind
from carelab.surveys.forms_answering import CONSENT_STATEMENTS
from carelab.surveys.runtime import Field, SurveyPages, condition_holds, display_number

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
    if kind is QuestionKind.RANK:
        return "; ".join(f"{position}. {field_.choice_label(choice)}" for position, choice in enumerate(value, 1))
    if kind is QuestionKind.DATE:
        return _format_date(value)
    if kind is QuestionKind.DATETIME and "T" in str(value):
        day, _, time = str(value).partition("T")
        return f"{_format_date(day)} at {time}"
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


# -- Consents on a sent response -------------------------------------------------------------------

# The order a person reads them on the start page.
CONSENT_ORDER = ("take_part", "health_data", "quote", "contact")
WITHDRAWABLE_CONSENTS = ("health_data", "quote", "contact")
CONSENT_NAMES = {
    "take_part": "Taking part",
    "health_data": "Using your answers, including about your health",
    "quote": "Quoting your words anonymously",
    "contact": "Contacting you",
}


@dataclass(frozen=True)
class ConsentRow:
    """One consent as the person gave it: the wording shown, its version, when given and when withdrawn."""

    name: str
    wording: str
    version: str
    given: bool
    given_at: object  # datetime | None
    withdrawn_at: object  # datetime | None

    @property
    def short_name(self) -> str:
        return CONSENT_NAMES.get(self.name, self.name)

    @property
    def held(self) -> bool:
        return self.given and self.withdrawn_at is None

    @property
    def withdrawable(self) -> bool:
        return self.held and self.name in WITHDRAWABLE_CONSENTS

    @property
    def status(self) -> str:
        if not self.given:
            return "Not given"
        if self.withdrawn_at is not None:
            return "Withdrawn"
        return "Given"


def consent_rows(response) -> list[ConsentRow]:
    """Every consent the start page asks for, given or not, in its order; then any others recorded."""
    recorded = response.consents or {}
    names = [*CONSENT_ORDER, *(name for name in recorded if name not in CONSENT_ORDER)]
    rows = []
    for name in names:
        consent = recorded.get(name)
        given = name in recorded
        details = consent if isinstance(consent, dict) else {}
        rows.append(
            ConsentRow(
                name=name,
                wording=details.get("wording") or CONSENT_STATEMENTS.get(name, name),
                version=details.get("version", ""),
                given=given,
                given_at=response.consented_at if given else None,
                withdrawn_at=response.consent_withdrawn_at(name) if given else None,
            )
        )
    return rows


def display_code(code: str) -> str:
    """A private code in groups of four, easier to copy down: ABCD-EFGH-JKLM-NPQR."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


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


@dataclass(frozen=True)
class SurveyLinks:
    """Where the lab team finds a published survey's results: the dashboard, the summary to share, each
    written-answers reader and every download, and the public link people answer it at."""

    results: str
    summary: str
    responses: str
    free_text: tuple[tuple[str, str], ...]  # (question, the reader's address)
    downloads: tuple[tuple[str, str], ...]  # (what it is, its address)
    public_url: str


def survey_links(request, survey, items) -> SurveyLinks | None:
    """The links for `survey` (None until it is published: there are no results to read yet).
    `items` are its result items (`survey_result_items`), for the written-answer questions."""
    if survey.current_version_id is None:
        return None
    args = [survey.lab.slug, survey.slug]
    return SurveyLinks(
        results=reverse("surveys:results", args=args),
        summary=reverse("surveys:results_summary", args=args),
        responses=reverse("surveys:responses", args=args),
        free_text=tuple(
            (item.label, reverse("surveys:free_text", args=[*args, item.name]))
            for item in items
            if item.kind == ItemKind.TEXT and item.question_kind != "calculate"
        ),
        downloads=(
            ("All answers as CSV", reverse("surveys:export_csv", args=args)),
            ("All answers as Excel (XLSX)", reverse("surveys:export_xlsx", args=args)),
            ("The codebook: what each column holds (CSV)", reverse("surveys:codebook", args=args)),
            ("The summary to share (CSV)", reverse("surveys:results_summary_csv", args=args)),
        ),
        public_url=request.build_absolute_uri(reverse("surveys:start", args=args)),
    )


# -- The survey's languages ------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageLink:
    name: str
    code: str
    url: str
    current: bool
    # What the link's ?language= says, also sent by the button that switches a page being answered.
    parameter: str = ""


@dataclass(frozen=True)
class FormLanguage:
    """The language a survey's own words are shown in, and links to show them in the form's others.

    Only the form's words change language; CareLab's own (buttons, help, consent) stay in English.
    """

    language: str
    links: tuple[LanguageLink, ...] = ()

    @property
    def code(self) -> str:
        return language_code(self.language)

    @property
    def attributes(self) -> Markup:
        """``lang`` and ``dir`` for an element holding the form's words; none when the code is not known."""
        if not self.code:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(self.code, text_direction(self.language))


def form_language(definition: SurveyDefinition, language: str, path: str, query: QueryDict) -> FormLanguage:
    """``language`` with a link for each of the form's languages (none for a form in one language).

    Each link keeps the page's other query parameters (``return=check``) and works with JavaScript off.
    """
    if len(definition.languages) < 2:
        return FormLanguage(language)
    links = []
    for option in definition.languages:
        params = query.copy()
        params["language"] = language_parameter(definition, option)
        links.append(
            LanguageLink(
                language_name(option),
                language_code(option),
                f"{path}?{params.urlencode()}",
                option == language,
                params["language"],
            )
        )
    return FormLanguage(language, tuple(links))


def languages_summary(definition: SurveyDefinition, first: str) -> str:
    """For the lab team: the survey's languages, which people see first, and what the builder changes."""
    if len(definition.languages) < 2:
        return ""
    named = [f"{language} (seen first)" if language == first else language for language in definition.languages]
    return (
        f"{', '.join(named)}. The question builder changes the {definition.default_language} words only; "
        "change the others in the XLSForm."
    )
