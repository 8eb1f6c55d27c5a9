"""What a submitted response is stored as: the items a survey version asks, and its `Answer` rows.

Submitting a response needs only this module, not the results module. How submitted answers
are stored as `Answer` rows (the answering journey writes them at submit with `answer_rows_for`;
the results pages, exports and benchmarks read them):

============================  ========================  ====================  ============  ==========
Question kind                 ``question``              ``choice``            ``number``    ``text``
============================  ========================  ====================  ============  ==========
single choice                 its name                  chosen option's name
multiple choice               its name, one row each    each chosen option
grid                          each statement's name     chosen option's name
0–10 scale                    its name                  the point as text     the point
whole or decimal number       its name                                        the number
short or long text, date,     its name                                                      the text
time, date and time,          (``<name>_other``)                                            (ISO: "2026-03-01",
calculation, "other" text                                                                   "14:30",
                                                                                            "2026-03-01T14:30")
ranking                       its name, one row each    each choice           its position
                                                                              (1 = first)
instrument item               the item's id             chosen option value   the value
instrument score              ``score:<instrument>``    band id ("" if none)  the total
============================  ========================  ====================  ============  ==========

Empty answers have no row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.lib.survey_definition import QuestionKind, SurveyDefinition
from carelab.surveys import tallies
from carelab.surveys.models import Answer, Survey, SurveyResponse

SCORE_PREFIX = "score:"


# -- What there is to count -----------------------------------------------------------------------


class ItemKind:
    CHOICE = "choice"  # one option each: single choice, grid statement, instrument item
    MULTIPLE = "multiple"  # any number of options
    SCALE = "scale"  # whole-number points, counted and summarised
    NUMBER = "number"  # summarised: count, mean, median, min, max
    TEXT = "text"  # read on the free-text page
    DATE = "date"
    TIME = "time"  # "14:30"
    DATETIME = "datetime"  # "2026-03-01T14:30"
    RANK = "rank"  # every choice with its position, 1 first
    SCORE = "score"  # an instrument's bands and totals


@dataclass(frozen=True)
class ResultItem:
    """One thing answers are stored under: a question, a grid statement, an instrument item or score."""

    name: str
    label: str
    kind: str
    question_kind: str
    section: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    group_label: str = ""  # the grid's question, or the instrument's title

    @property
    def is_choice(self) -> bool:
        return self.kind in {ItemKind.CHOICE, ItemKind.MULTIPLE}

    def choice_label(self, value: str) -> str:
        return dict(self.choices).get(value, value)


def result_items(definition: SurveyDefinition) -> list[ResultItem]:
    """Everything a submitted response may hold, in the order people see it; scores last."""
    items: list[ResultItem] = []
    scores: list[ResultItem] = []
    for section in definition.sections:
        section_title = section.title or section.name
        if section.instrument is not None:
            try:
                instrument = get_instrument(section.instrument.id, section.instrument.version)
            except UnknownInstrumentError:
                continue
            for item in instrument.items:
                items.append(
                    ResultItem(
                        name=item.id,
                        label=item.text,
                        kind=ItemKind.CHOICE,
                        question_kind="instrument_item",
                        section=section_title,
                        choices=tuple((option.value, option.label) for option in item.options),
                        group_label=instrument.title,
                    )
                )
            scores.append(
                ResultItem(
                    name=f"{SCORE_PREFIX}{instrument.id}",
                    label=f"{instrument.title}: score",
                    kind=ItemKind.SCORE,
                    question_kind="instrument_score",
                    section=section_title,
                    choices=tuple((band.id, band.label) for band in instrument.bands),
                    group_label=instrument.title,
                )
            )
            continue
        for question in section.questions:
            kind = question.kind
            common = {"question_kind": kind.value, "section": section_title}
            choices = tuple((choice.name, choice.label) for choice in definition.choices_for(question))
            if kind is QuestionKind.GRID:
                for statement in question.statements:
                    items.append(
                        ResultItem(
                            statement.name,
                            statement.label,
                            ItemKind.CHOICE,
                            choices=choices,
                            group_label=question.label,
                            **common,
                        )
                    )
            elif kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}:
                item_kind = ItemKind.MULTIPLE if kind is QuestionKind.MULTIPLE_CHOICE else ItemKind.CHOICE
                items.append(ResultItem(question.name, question.label, item_kind, choices=choices, **common))
            elif kind is QuestionKind.SCALE:
                scale = question.scale
                points = tuple((str(point), str(point)) for point in scale.points) if scale else ()
                items.append(ResultItem(question.name, question.label, ItemKind.SCALE, choices=points, **common))
            elif kind in {QuestionKind.WHOLE_NUMBER, QuestionKind.DECIMAL}:
                items.append(ResultItem(question.name, question.label, ItemKind.NUMBER, **common))
            elif kind in {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT, QuestionKind.CALCULATE}:
                items.append(ResultItem(question.name, question.label or question.name, ItemKind.TEXT, **common))
            elif kind is QuestionKind.DATE:
                items.append(ResultItem(question.name, question.label, ItemKind.DATE, **common))
            elif kind in {QuestionKind.TIME, QuestionKind.DATETIME}:
                item_kind = ItemKind.TIME if kind is QuestionKind.TIME else ItemKind.DATETIME
                items.append(ResultItem(question.name, question.label, item_kind, **common))
            elif kind is QuestionKind.RANK:
                items.append(ResultItem(question.name, question.label, ItemKind.RANK, choices=choices, **common))
            if question.other_answer_name:
                items.append(
                    ResultItem(
                        question.other_answer_name,
                        f"{question.label} (other, please say)",
                        ItemKind.TEXT,
                        question_kind="other_text",
                        section=section_title,
                    )
                )
    return items + scores


NO_LONGER_ASKED = "No longer asked"


def survey_result_items(survey: Survey, earlier_versions: Iterable | None = None) -> list[ResultItem]:
    """The current version's items, then any that only earlier versions asked.

    Answers keep their version, so answers to a question since removed still count and export;
    they are shown under "No longer asked", with the wording of the latest version that asked them.
    A list of surveys passes each one's `earlier_versions` (newest first), read for them all at once.
    """
    versions = [survey.current_version] if survey.current_version else []
    if earlier_versions is None:
        earlier_versions = survey.versions.exclude(pk=survey.current_version_id).order_by("-number")
    versions += [version for version in earlier_versions if version.pk != survey.current_version_id]
    items: list[ResultItem] = []
    seen: set[str] = set()
    for index, version in enumerate(versions):
        for item in result_items(version.parsed()):
            if item.name in seen:
                continue
            seen.add(item.name)
            items.append(item if index == 0 else replace(item, section=NO_LONGER_ASKED))
    return items


def tally_plan(items: Iterable[ResultItem]) -> tallies.TallyPlan:
    """What the tallies must count for these items: splits by each choice item, people of multiple choice."""
    items = list(items)
    return tallies.TallyPlan(
        split_by=frozenset(item.name for item in items if item.is_choice),
        people=frozenset(item.name for item in items if item.kind == ItemKind.MULTIPLE),
    )


def rebuild_tallies(survey: Survey) -> int:
    """Recount the survey's tallies from its answers (`manage.py rebuild_survey_tallies`)."""
    return tallies.rebuild(survey, tally_plan(survey_result_items(survey)))


def answer_rows_for(
    definition: SurveyDefinition, response: SurveyResponse, answers: Mapping[str, object], scores: Iterable[Mapping]
) -> list[Answer]:
    """Unsaved `Answer` rows for a submitted response, in the shape the table above describes.

    The answering journey saves them with `Answer.objects.bulk_create` when a response is submitted.
    """
    return [
        Answer(
            response=response, survey_id=response.survey_id, question=question, choice=choice, number=number, text=text
        )
        for question, choice, number, text in answer_values(result_items(definition), answers, scores)
    ]


def answer_values(
    items: list[ResultItem], answers: Mapping[str, object], scores: Iterable[Mapping]
) -> list[tuple[str, str, float | None, str]]:
    """(question, choice, number, text) for each Answer row of one response; see the table above."""
    rows: list[tuple[str, str, float | None, str]] = []
    for item in items:
        if item.kind == ItemKind.SCORE:
            continue
        value = answers.get(item.name)
        if value is None or value == "" or value == []:
            continue
        if item.kind == ItemKind.MULTIPLE:
            chosen = value if isinstance(value, list | tuple) else str(value).split()
            rows.extend((item.name, str(choice), None, "") for choice in chosen)
        elif item.kind == ItemKind.RANK:
            order = value if isinstance(value, list | tuple) else str(value).split()
            rows.extend((item.name, str(choice), float(position), "") for position, choice in enumerate(order, 1))
        elif item.kind == ItemKind.CHOICE:
            number = _number_or_none(value) if item.question_kind == "instrument_item" else None
            rows.append((item.name, str(value), number, ""))
        elif item.kind == ItemKind.SCALE:
            rows.append((item.name, str(value), _number_or_none(value), ""))
        elif item.kind == ItemKind.NUMBER:
            number = _number_or_none(value)
            if number is not None:
                rows.append((item.name, "", number, ""))
        else:
            rows.append((item.name, "", None, str(value)))
    for score in scores:
        rows.append((f"{SCORE_PREFIX}{score['instrument_id']}", score.get("band_id") or "", score.get("total"), ""))
    return rows


def _number_or_none(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
