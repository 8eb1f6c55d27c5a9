"""Results for the lab team: what each question's answers add up to, counted in the database.

Answers are counted from the `Answer` rows that submitting a response writes (`answer_rows`
describes them). Empty answers have no row. Aggregation is a handful of GROUP BY queries over these
rows, whatever the number of responses; percentages are of the people who answered
the question.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, Count, Func, Q, QuerySet
from django.utils import timezone

from carelab.lib.survey_definition import SurveyDefinition
from carelab.surveys import tallies
from carelab.surveys.answer_rows import (
    ItemKind,
    ResultItem,
    tally_plan,
)
from carelab.surveys.models import Answer, Survey, SurveyResponse

# -- Filters --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFilters:
    """What the team narrowed the results to. Empty filters mean every submitted response."""

    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    question: str = ""  # only people whose answer to this question…
    value: str = ""  # …was (or, for multiple choice, included) this option

    @property
    def active(self) -> bool:
        return bool(self.submitted_from or self.submitted_to or (self.question and self.value))

    def responses(self, survey: Survey) -> QuerySet[SurveyResponse]:
        """The submitted responses these filters keep (a lazy queryset, used as a subquery)."""
        responses = SurveyResponse.objects.submitted().filter(survey=survey)
        if self.submitted_from:
            responses = responses.filter(submitted_at__gte=_start_of(self.submitted_from))
        if self.submitted_to:
            responses = responses.filter(submitted_at__lt=_start_of(self.submitted_to + dt.timedelta(days=1)))
        if self.question and self.value:
            chosen = Answer.objects.filter(survey=survey, question=self.question, choice=self.value)
            responses = responses.filter(pk__in=chosen.values("response_id"))
        return responses

    def answers(self, survey: Survey) -> QuerySet[Answer]:
        """Answer rows of the responses these filters keep. Without filters, no join at all:
        only submitted responses have Answer rows."""
        answers = Answer.objects.filter(survey=survey)
        if self.submitted_from:
            answers = answers.filter(response__submitted_at__gte=_start_of(self.submitted_from))
        if self.submitted_to:
            answers = answers.filter(response__submitted_at__lt=_start_of(self.submitted_to + dt.timedelta(days=1)))
        if self.question and self.value:
            chosen = Answer.objects.filter(survey=survey, question=self.question, choice=self.value)
            answers = answers.filter(response_id__in=chosen.values("response_id"))
        return answers


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day in the site's time zone: comparing with it keeps indexes usable."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# -- Summaries ------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    count: int
    percent: float | None = None
    value: str = ""


@dataclass
class NumberSummary:
    count: int = 0
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass
class ItemResult:
    item: ResultItem
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    numbers: NumberSummary | None = None
    not_scored: int = 0


def median_from_counts(counts: Iterable[tuple[float, int]]) -> float | None:
    """The median of values given as (value, how many times) pairs, without expanding them."""
    ordered = sorted((value, count) for value, count in counts if count > 0)
    total = sum(count for _, count in ordered)
    if total == 0:
        return None
    lower_position, upper_position = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value, count in ordered:
        if lower is None and lower_position < seen + count:
            lower = value
        if upper_position < seen + count:
            upper = value
            break
        seen += count
    return (lower + upper) / 2


def summarise_numbers(counts: list[tuple[float, int]]) -> NumberSummary:
    counts = [(value, count) for value, count in counts if value is not None and count]
    total = sum(count for _, count in counts)
    if not total:
        return NumberSummary()
    return NumberSummary(
        count=total,
        mean=sum(value * count for value, count in counts) / total,
        median=median_from_counts(counts),
        minimum=min(value for value, _ in counts),
        maximum=max(value for value, _ in counts),
    )


def _percent(count: int, base: int) -> float | None:
    return round(100 * count / base, 1) if base else None


def count_answers(survey: Survey, filters: ResultFilters, people_for: Iterable[str] = ()) -> tallies.Counts:
    """The answers counted from the Answer rows themselves: a few GROUP BY queries over every row.

    `people_for` names the questions whose people (not rows) are counted too. The results pages
    use this only when no tallies answer the filters (`tallied_counts`).
    """
    answers = filters.answers(survey)
    rows: list[tuple[str, str, str, bool, int]] = [
        (question, choice, tallies.number_key(number), False, count)
        for question, choice, number, count in answers.values_list("question", "choice", "number")
        .annotate(n=Count("*"))
        .order_by()
    ]
    people_for = list(people_for)
    if people_for:
        rows += [
            (question, "", "", True, count)
            for question, count in answers.filter(question__in=people_for)
            .values_list("question")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        ]
    rows.append(("", "", "", True, filters.responses(survey).count()))
    return tallies.Counts(rows)


def tallied_counts(survey: Survey, items: list[ResultItem], filters: ResultFilters) -> tallies.Counts | None:
    """The answers counted from the tallies, or None when the filters need the answers themselves.

    Tallies answer no filter, dates, or one answer to a choice item; dates and an answer
    together need the rows.
    """
    by_answer = bool(filters.question and filters.value)
    by_dates = bool(filters.submitted_from or filters.submitted_to)
    if by_answer and (by_dates or filters.question not in tally_plan(items).split_by):
        return None
    if by_answer:
        return tallies.counts_among(survey, filters.question, filters.value)
    return tallies.counts_by_day(survey, filters.submitted_from, filters.submitted_to)


def counts_for(survey: Survey, items: list[ResultItem], filters: ResultFilters) -> tallies.Counts:
    counts = tallied_counts(survey, items, filters)
    if counts is None:
        counts = count_answers(survey, filters, [item.name for item in items if item.kind == ItemKind.MULTIPLE])
    return counts


def item_results(items: list[ResultItem], counts: tallies.Counts) -> list[ItemResult]:
    """Each item's rows, percentages and number summary from the counted answers."""
    return [_item_result(item, counts.grouped.get(item.name, []), counts.people.get(item.name, 0)) for item in items]


def _item_result(item: ResultItem, groups: list[tuple[str, float | None, int]], people: int) -> ItemResult:
    result = ItemResult(item)
    by_choice: dict[str, int] = defaultdict(int)
    for choice, _, count in groups:
        by_choice[choice] += count
    rows_total = sum(count for _, _, count in groups)
    if item.kind in {ItemKind.CHOICE, ItemKind.MULTIPLE, ItemKind.SCALE, ItemKind.SCORE}:
        if item.kind == ItemKind.SCALE:
            by_choice = defaultdict(int)
            for _, number, count in groups:
                if number is not None:
                    by_choice[_format_number(number)] += count
        if item.kind == ItemKind.SCORE:
            result.not_scored = by_choice.pop("", 0)
        result.answered = people if item.kind == ItemKind.MULTIPLE else sum(by_choice.values()) + result.not_scored
        base = result.answered - result.not_scored
        known = {value for value, _ in item.choices}
        result.rows = [
            Row(label, by_choice.get(value, 0), _percent(by_choice.get(value, 0), base), value)
            for value, label in item.choices
        ]
        # Answers stored under options no longer in the definition still count, after the known ones.
        result.rows += [
            Row(value, count, _percent(count, base), value)
            for value, count in sorted(by_choice.items())
            if value not in known and value
        ]
    elif item.kind == ItemKind.RANK:
        # The people who put each choice first: a ranking has one row per choice, so the count of
        # first places is the count of people who answered.
        firsts: dict[str, int] = defaultdict(int)
        for choice, number, count in groups:
            if number == 1:
                firsts[choice] += count
        result.answered = sum(firsts.values())
        result.rows = [
            Row(label, firsts.get(value, 0), _percent(firsts.get(value, 0), result.answered), value)
            for value, label in item.choices
        ]
    else:
        result.answered = rows_total
    if item.kind in {ItemKind.NUMBER, ItemKind.SCALE, ItemKind.SCORE}:
        result.numbers = summarise_numbers([(number, count) for _, number, count in groups if number is not None])
    return result


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass
class Period:
    label: str
    starts: dt.date
    count: int


class UtcHour(Func):
    """A stored time's hour in UTC as text, 'YYYY-MM-DD HH', cheap to group by on both databases.

    Grouping by hour and turning hours into local days in Python gives the same days as
    grouping by local date (UK offsets are whole hours) without a function call per row on SQLite.
    """

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite stores aware times as UTC text, 'YYYY-MM-DD HH:MM:SS'.
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 13)", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')",
            **extra_context,
        )


def responses_over_time(survey: Survey, filters: ResultFilters) -> tuple[str, list[Period]]:
    """Submitted responses per day, or per week (starting Monday) when they span more than 62 days."""
    if filters.question and filters.value:
        per_day = tallies.responses_by_day(
            survey, filters.submitted_from, filters.submitted_to, answer=(filters.question, filters.value)
        )
    else:
        per_day = tallies.responses_by_day(survey, filters.submitted_from, filters.submitted_to)
    return _periods(per_day)


def submitted_per_day(survey: Survey, filters: ResultFilters) -> dict[dt.date, int]:
    """Submitted responses per day (UK time) counted from the responses themselves (the tallies'
    reference: the suite checks `responses_over_time` against it)."""
    per_day: dict[dt.date, int] = defaultdict(int)
    for hour, count in (
        filters.responses(survey)
        .annotate(hour=UtcHour("submitted_at"))
        .values_list("hour")
        .annotate(n=Count("*"))
        .order_by()
    ):
        moment = dt.datetime(int(hour[:4]), int(hour[5:7]), int(hour[8:10]), int(hour[11:13]), tzinfo=dt.UTC)
        per_day[timezone.localtime(moment).date()] += count
    return dict(per_day)


def _periods(per_day: Mapping[dt.date, int]) -> tuple[str, list[Period]]:
    if not per_day:
        return "day", []
    first, last = min(per_day), max(per_day)
    if (last - first).days <= 62:
        days = [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
        return "day", [Period(f"{day.day} {day:%b %Y}", day, per_day.get(day, 0)) for day in days]
    weeks: dict[dt.date, int] = defaultdict(int)
    for day, count in per_day.items():
        weeks[day - dt.timedelta(days=day.weekday())] += count
    periods = []
    week = min(weeks)
    while week <= max(weeks):
        periods.append(Period(f"Week of {week.day} {week:%b %Y}", week, weeks.get(week, 0)))
        week += dt.timedelta(days=7)
    return "week", periods


@dataclass
class SectionProgress:
    number: int
    title: str
    reached: int
    stopped_here: int


@dataclass
class Completion:
    submitted: int
    not_finished: int
    sections: list[SectionProgress]

    @property
    def started(self) -> int:
        return self.submitted + self.not_finished

    @property
    def completion_percent(self) -> float | None:
        return _percent(self.submitted, self.started)


def completion(
    survey: Survey, definition: SurveyDefinition, filters: ResultFilters, submitted_count: int | None = None
) -> Completion:
    """Who finished, and where unfinished answers stopped (a draft's `last_section`, counted from 0).

    Drafts have no Answer rows, so only the date filters apply to them (by the day they started).
    `submitted_count`, when the caller has counted them already, saves counting again.
    """
    drafts = SurveyResponse.objects.drafts().filter(survey=survey)
    if filters.submitted_from:
        drafts = drafts.filter(started_at__gte=_start_of(filters.submitted_from))
    if filters.submitted_to:
        drafts = drafts.filter(started_at__lt=_start_of(filters.submitted_to + dt.timedelta(days=1)))
    counts = dict(drafts.values_list("last_section").annotate(n=Count("id")).order_by())
    if submitted_count is None:
        submitted_count = filters.responses(survey).count()
    titles = [section.title or f"Section {index + 1}" for index, section in enumerate(definition.sections)]
    last_index = max([len(titles) - 1, *counts])
    sections = []
    for index in range(last_index + 1):
        stopped = counts.get(index, 0)
        reached = submitted_count + sum(count for section, count in counts.items() if section >= index)
        title = titles[index] if index < len(titles) else f"Section {index + 1}"
        sections.append(SectionProgress(index + 1, title, reached, stopped))
    return Completion(submitted_count, sum(counts.values()), sections)


@dataclass
class CrossTab:
    item: ResultItem
    columns: list[tuple[str, str]]
    rows: list[tuple[str, list[int], int]]  # option label, count per column, row total


def cross_tabs(survey: Survey, items: list[ResultItem], by: ResultItem, filters: ResultFilters) -> list[CrossTab]:
    """For each other choice item, how many people chose each option, split by their answer to `by`.

    One query, whatever the number of responses: over the pair tallies without filters, over
    the answers with them. A person who chose several options of a multiple-choice `by`
    question counts in each of those columns.
    """
    others = [item for item in items if item.is_choice and item.name != by.name]
    names = [item.name for item in others]
    if not others:
        counts = {}
    elif filters.active:
        counts = cross_counts_from_answers(survey, by.name, names, filters)
    else:
        counts = tallies.cross_counts(survey, by.name, names)
    tables = []
    for item in others:
        rows = []
        for value, label in item.choices:
            cells = [counts.get((item.name, value, column), 0) for column, _ in by.choices]
            rows.append((label, cells, sum(cells)))
        tables.append(CrossTab(item, list(by.choices), rows))
    return tables


def cross_counts_from_answers(
    survey: Survey, by: str, names: list[str], filters: ResultFilters
) -> dict[tuple[str, str, str], int]:
    """(question, option, option of `by`) → responses, counted from the filtered responses' answers."""
    counts: dict[tuple[str, str, str], int] = {}
    if names:
        # The answers to `by` (of the filtered responses) drive the join; each finds its response's
        # other answers through the answer table's response index. Constraining the inner side by
        # survey instead would make SQLite scan it once per response.
        by_sql, by_params = (
            filters.answers(survey)
            .filter(question=by)
            .values("response_id", "choice")
            .order_by()
            .query.sql_with_params()
        )
        table = connection.ops.quote_name(Answer._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.question, a.choice, b.choice, COUNT(*) "  # noqa: S608 - our own SQL, values are parameters
                f"FROM ({by_sql}) b INNER JOIN {table} a ON a.response_id = b.response_id "
                f"WHERE a.question IN ({', '.join(['%s'] * len(names))}) "
                "GROUP BY a.question, a.choice, b.choice",
                (*by_params, *names),
            )
            for question, choice, by_choice, count in cursor.fetchall():
                counts[(question, choice, by_choice)] = count
    return counts


@dataclass
class Dashboard:
    items: list[ItemResult]
    completion: Completion
    period: str
    over_time: list[Period]
    cross_tabs: list[CrossTab]
    by: ResultItem | None


def dashboard(
    survey: Survey, definition: SurveyDefinition, items: list[ResultItem], filters: ResultFilters, by: str = ""
) -> Dashboard:
    """Everything the results page shows, in a constant number of queries."""
    by_item = next((item for item in items if item.name == by and item.is_choice), None)
    period, over_time = responses_over_time(survey, filters)
    counts = counts_for(survey, items, filters)
    return Dashboard(
        items=item_results(items, counts),
        completion=completion(survey, definition, filters, counts.responses),
        period=period,
        over_time=over_time,
        cross_tabs=cross_tabs(survey, items, by_item, filters) if by_item else [],
        by=by_item,
    )


def text_answers(
    survey: Survey, question: str, filters: ResultFilters, search: str = "", *, quotable_only: bool = False
) -> QuerySet[Answer]:
    """Every answer to a text question, newest first, for the free-text reader, with each response's
    consents (so the reader can say whether it may be quoted). `quotable_only` keeps the answers of
    people who agreed to be quoted and have not withdrawn it (`SurveyResponse.objects.quotable`)."""
    answers = (
        filters.answers(survey)
        .filter(question=question)
        .exclude(text="")
        .select_related("response")
        .only("text", "response__reference", "response__submitted_at", "response__consents")
        .order_by("-response__submitted_at", "-pk")
    )
    if search:
        answers = answers.filter(Q(text__icontains=search))
    if quotable_only:
        answers = answers.filter(response__in=SurveyResponse.objects.quotable().filter(survey=survey))
    return answers
