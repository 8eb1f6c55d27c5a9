"""Tallies of submitted answers, so the results pages stay fast however many people answer.

Counting millions of `Answer` rows on every page view takes seconds. Instead, each submission
adds to two small tables in the same transaction that writes its answers:

- `AnswerTally`: per day (UK time) and answer, how many responses gave it. The dashboard, with
  or without dates, adds these up.
- `AnswerPairTally`: the same, split by every option chosen in the same response ("among people
  who chose *yes* to *lived*, how many chose each region"). A filter by one answer and a
  cross-tab read these directly.

A tally's key is (question, choice, number, people), where `number` is the number as text and
`people` marks the key that counts the people who answered the question at all (what a
multiple-choice question's percentages are of). The key ("", "", "", True) counts responses.

Tallies are derived data: `rebuild` recomputes a survey's from its Answer rows
(`manage.py rebuild_survey_tallies`), and the suite checks that tallied results equal the
counts made from the answers themselves (carelab/surveys/results.py keeps both ways).
A submitted response deleted on its own (by the person, or removed by the lab team) is taken
off again by `subtract_response`, with the same keys `add_response` added, in the transaction
that deletes it; deleting a survey or lab takes its tallies.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from carelab.surveys.models import Answer, AnswerPairTally, AnswerTally, Survey, SurveyResponse

Key = tuple[str, str, str, bool]  # question, choice, number as text, people
RESPONSE_KEY: Key = ("", "", "", True)
EVERYONE = ("", "")  # the pair tallies' split that every response is in: the unfiltered counts
UPSERT_BATCH = 500


def number_key(number: float | None) -> str:
    return "" if number is None else repr(float(number))


def number_from_key(text: str) -> float | None:
    return float(text) if text else None


@dataclass(frozen=True)
class TallyPlan:
    """Which questions the pair tallies are split by (those a filter or cross-tab can choose),
    and which questions count their people apart from their answers (multiple choice)."""

    split_by: frozenset[str]
    people: frozenset[str]


def keys_for(rows: Iterable[tuple[str, str, float | None]], plan: TallyPlan) -> tuple[list[Key], list[tuple[str, str]]]:
    """One response's tally keys, and the (question, option) pairs it splits the pair tallies by.

    Each answer row counts once (as the results count rows); the people key once per question
    the plan names; the response key once. Every response is also in the split `EVERYONE`.
    """
    targets: list[Key] = [RESPONSE_KEY]
    people: dict[str, None] = {}
    by: dict[tuple[str, str], None] = {EVERYONE: None}
    for question, choice, number in rows:
        targets.append((question, choice, number_key(number), False))
        if question in plan.people:
            people[question] = None
        if choice and question in plan.split_by:
            by[(question, choice)] = None
    targets.extend((question, "", "", True) for question in people)
    return targets, list(by)


class TallyBatch:
    """Counts gathered from many responses, written with one upsert per few hundred keys.

    Keys are counted as small integers (their place in `keys`), which hash and compare far
    faster than nested tuples of strings: seeding 100,000 responses makes over 100 million pairs.
    """

    def __init__(self, plan: TallyPlan):
        self.plan = plan
        self.keys: list = []
        self.ids: dict = {}
        self.days: Counter = Counter()
        self.pairs: Counter = Counter()

    def _ids(self, keys: Iterable) -> list[int]:
        ids = []
        for key in keys:
            number = self.ids.get(key)
            if number is None:
                number = self.ids[key] = len(self.keys)
                self.keys.append(key)
            ids.append(number)
        return ids

    def add(self, day: dt.date, rows: Iterable[tuple[str, str, float | None]]) -> None:
        targets, by = keys_for(rows, self.plan)
        target_ids = self._ids(targets)
        self.days.update(zip(itertools.repeat(day), target_ids, strict=False))
        # itertools.product keeps the (up to a thousand or so) pairs of a response in C.
        self.pairs.update(itertools.product(self._ids(by), target_ids))

    def _rows(self, survey_id: int) -> tuple[list[tuple], list[tuple]]:
        adapt = connection.ops.adapt_datefield_value
        keys = self.keys
        return (
            sorted((survey_id, adapt(day), *keys[key], count) for (day, key), count in self.days.items()),
            sorted((survey_id, *keys[by], *keys[key], count) for (by, key), count in self.pairs.items()),
        )

    def save(self, survey_id: int) -> None:
        days, pairs = self._rows(survey_id)
        _upsert(AnswerTally, DAY_KEY_COLUMNS, days)
        _upsert(AnswerPairTally, PAIR_KEY_COLUMNS, pairs)
        self.days.clear()
        self.pairs.clear()

    def take_away(self, survey_id: int) -> None:
        """Subtract the gathered counts from the tallies (the mirror of `save`)."""
        days, pairs = self._rows(survey_id)
        _subtract(AnswerTally, DAY_KEY_COLUMNS, days)
        _subtract(AnswerPairTally, PAIR_KEY_COLUMNS, pairs)
        self.days.clear()
        self.pairs.clear()


DAY_KEY_COLUMNS = ("survey_id", "day", "question", "choice", "number", "people")
PAIR_KEY_COLUMNS = ("survey_id", "by_question", "by_choice", "question", "choice", "number", "people")


def _upsert(model, key_columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Add each row's count to its tally, creating the tally if need be.

    Rows come sorted by key, so concurrent submissions lock tallies in the same order
    on PostgreSQL and cannot deadlock.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(column) for column in (*key_columns, "responses"))
    conflict = ", ".join(quote(column) for column in key_columns)
    placeholder = "(" + ", ".join(["%s"] * (len(key_columns) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            chunk = rows[start : start + UPSERT_BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(chunk))} "  # noqa: S608 - our own SQL
                f"ON CONFLICT ({conflict}) DO UPDATE SET responses = {table}.responses + excluded.responses",
                [value for row in chunk for value in row],
            )


def _subtract(model, key_columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Take each row's count off its tally, then drop the tallies left at nought.

    Rows come sorted by key, as `_upsert` writes them, so a deletion and a submission lock the
    tallies they share in the same order. A tally never goes below nought: if tallies had
    drifted from the answers (a bulk load not yet recounted), deleting still works, and
    `rebuild` puts the counts right.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    responses = quote("responses")
    where = " AND ".join(f"{quote(column)} = %s" for column in key_columns)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {responses} = CASE WHEN {responses} > %s THEN {responses} - %s ELSE 0 END "  # noqa: S608 - our own SQL
            f"WHERE {where}",
            [(row[-1], row[-1], *row[:-1]) for row in rows],
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE {quote('survey_id')} = %s AND {responses} = 0",  # noqa: S608
            [rows[0][0]],
        )


def day_of(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def add_response(response: SurveyResponse, rows: Iterable[Answer], plan: TallyPlan) -> None:
    """Count one newly submitted response's answer rows (call in the transaction that saves them)."""
    batch = TallyBatch(plan)
    batch.add(day_of(response.submitted_at), [(row.question, row.choice, row.number) for row in rows])
    batch.save(response.survey_id)


def subtract_response(response: SurveyResponse, rows: Iterable[Answer], plan: TallyPlan) -> None:
    """Take a submitted response's answer rows off the tallies: exactly what `add_response` added
    for them (call in the transaction that deletes it, with the plan its submission used)."""
    batch = TallyBatch(plan)
    batch.add(day_of(response.submitted_at), [(row.question, row.choice, row.number) for row in rows])
    batch.take_away(response.survey_id)


@transaction.atomic
def rebuild(survey: Survey, plan: TallyPlan) -> int:
    """Recount a survey's tallies from its Answer rows. Returns the number of responses counted."""
    AnswerTally.objects.filter(survey=survey).delete()
    AnswerPairTally.objects.filter(survey=survey).delete()
    days = {
        pk: day_of(submitted_at)
        for pk, submitted_at in SurveyResponse.objects.submitted()
        .filter(survey=survey)
        .values_list("pk", "submitted_at")
        .order_by()
    }
    batch = TallyBatch(plan)
    answered = set()
    rows = (
        Answer.objects.filter(survey=survey)
        .order_by("response_id")
        .values_list("response_id", "question", "choice", "number")
        .iterator(chunk_size=20_000)
    )
    for response_id, answers in itertools.groupby(rows, key=lambda row: row[0]):
        if response_id in days:
            answered.add(response_id)
            batch.add(days[response_id], [row[1:] for row in answers])
    for response_id, day in days.items():
        if response_id not in answered:
            batch.add(day, [])
    batch.save(survey.pk)
    return len(days)


# -- Reading ------------------------------------------------------------------------------------


class Counts:
    """Tallies read back: answer groups per question (choice, number, count) and people per question."""

    def __init__(self, tallies: Iterable[tuple[str, str, str, bool, int]]):
        self.grouped: dict[str, list[tuple[str, float | None, int]]] = {}
        self.people: dict[str, int] = {}
        self.responses = 0
        for question, choice, number, people, count in tallies:
            if not count:
                continue
            if people:
                if question:
                    self.people[question] = count
                else:
                    self.responses = count
            else:
                self.grouped.setdefault(question, []).append((choice, number_from_key(number), count))


def counts_by_day(survey: Survey, start: dt.date | None = None, end: dt.date | None = None) -> Counts:
    """Every tally of the survey, added up over the days from `start` to `end` (inclusive).

    A range that covers most days with responses is counted as everyone's tallies less the days
    outside it, so no date range reads more than half the days' tallies.
    """
    if start is None and end is None:
        return counts_among(survey, *EVERYONE)
    days = responses_by_day(survey)
    inside = sum(1 for day in days if (start is None or start <= day) and (end is None or day <= end))
    within = Q()
    if start:
        within &= Q(day__gte=start)
    if end:
        within &= Q(day__lte=end)
    if inside * 2 <= len(days):
        return Counts(_day_tallies(survey, within))
    everyone = Counter({row[:-1]: row[-1] for row in _pair_tallies(survey, *EVERYONE)})
    everyone.subtract({row[:-1]: row[-1] for row in _day_tallies(survey, ~within)})
    return Counts((*key, count) for key, count in everyone.items())


def _day_tallies(survey: Survey, days: Q):
    return (
        AnswerTally.objects.filter(days, survey=survey)
        .values_list("question", "choice", "number", "people")
        .annotate(n=Sum("responses"))
        .order_by()
    )


def _pair_tallies(survey: Survey, question: str, choice: str):
    return (
        AnswerPairTally.objects.filter(survey=survey, by_question=question, by_choice=choice)
        .values_list("question", "choice", "number", "people")
        .annotate(n=Sum("responses"))
        .order_by()
    )


def counts_among(survey: Survey, question: str, choice: str) -> Counts:
    """Every tally of the survey among the responses that gave `choice` to `question`."""
    return Counts(_pair_tallies(survey, question, choice))


def responses_by_day(
    survey: Survey, start: dt.date | None = None, end: dt.date | None = None, answer: tuple[str, str] | None = None
) -> dict[dt.date, int]:
    """Submitted responses per day (UK time), from `start` to `end` (inclusive); with `answer`, only
    those that gave that option to that question (each option counts once per response)."""
    if answer:
        question, choice = answer
        tallies = AnswerTally.objects.filter(survey=survey, question=question, choice=choice, people=False)
    else:
        tallies = AnswerTally.objects.filter(survey=survey, question="", people=True)
    if start:
        tallies = tallies.filter(day__gte=start)
    if end:
        tallies = tallies.filter(day__lte=end)
    return dict(tallies.values_list("day").annotate(n=Sum("responses")).order_by())


def cross_counts(survey: Survey, by: str, questions: list[str]) -> dict[tuple[str, str, str], int]:
    """(question, option, option of `by`) → responses, for a cross-tab of every response."""
    return {
        (question, choice, by_choice): count
        for question, choice, by_choice, count in AnswerPairTally.objects.filter(
            survey=survey, by_question=by, question__in=questions, people=False
        )
        .values_list("question", "choice", "by_choice")
        .annotate(n=Sum("responses"))
        .order_by()
    }
