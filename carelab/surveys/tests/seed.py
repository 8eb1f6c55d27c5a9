"""Submitted responses made directly in the database, for the results tests and the benchmark.

Rows take the shape `carelab.surveys.results` documents (the shape the answering journey
writes at submit), so what is counted here is what real submissions produce.
"""

import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.surveys import tallies
from carelab.surveys.answer_rows import answer_values, result_items, tally_plan
from carelab.surveys.models import Answer, ContactDetail, Survey, SurveyResponse


def _scores(definition, answers: Mapping[str, object]) -> list[dict]:
    scores = []
    for section in definition.sections:
        if section.instrument is None:
            continue
        try:
            instrument = get_instrument(section.instrument.id, section.instrument.version)
        except UnknownInstrumentError:
            continue
        item_answers = {item.id: str(answers[item.id]) for item in instrument.items if item.id in answers}
        if item_answers:
            scores.append(instrument.score(item_answers).as_dict())
    return scores


def seed_responses(
    survey: Survey,
    answer_sets: Iterable[Mapping[str, object]],
    *,
    submitted_at: datetime | Iterable[datetime] | None = None,
    batch_size: int = 2000,
    raw: bool = False,
) -> int:
    """Submitted responses to the survey's current version, one per answer set; returns how many.

    `submitted_at` is one time for all, or one per answer set. Scores are worked out from
    instrument items in the answers. `raw=True` writes Answer rows with executemany, skipping
    model instances, for the benchmark's millions of rows.
    """
    version = survey.current_version
    definition = version.parsed()
    items = result_items(definition)
    counts = tallies.TallyBatch(tally_plan(items))
    now = timezone.now()
    times = None if submitted_at is None or isinstance(submitted_at, datetime) else iter(submitted_at)
    total = 0
    batch: list[Mapping[str, object]] = []

    def flush():
        nonlocal total
        responses = []
        for answers in batch:
            when = next(times) if times is not None else (submitted_at or now)
            responses.append(
                SurveyResponse(
                    survey=survey,
                    version=version,
                    status=SurveyResponse.Status.SUBMITTED,
                    reference=secrets.token_hex(6).upper(),
                    resume_token_hash=secrets.token_hex(32),
                    answers=dict(answers),
                    scores=_scores(definition, answers),
                    last_section=max(len(definition.sections) - 1, 0),
                    started_at=when - timedelta(minutes=10),
                    submitted_at=when,
                )
            )
        SurveyResponse.objects.bulk_create(responses)
        rows_by_response = {
            response.pk: [
                (response.pk, survey.pk, *values) for values in answer_values(items, response.answers, response.scores)
            ]
            for response in responses
        }
        rows = [row for response_rows in rows_by_response.values() for row in response_rows]
        if raw:
            table = connection.ops.quote_name(Answer._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (response_id, survey_id, question, choice, number, text) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    rows,
                )
        else:
            Answer.objects.bulk_create(
                [
                    Answer(response_id=r, survey_id=s, question=q, choice=c, number=n, text=t)
                    for r, s, q, c, n, t in rows
                ],
                batch_size=batch_size,
            )
        for response in responses:
            counts.add(
                tallies.day_of(response.submitted_at),
                [(q, c, n) for _, _, q, c, n, _ in rows_by_response[response.pk]],
            )
        total += len(batch)
        batch.clear()

    for answers in answer_sets:
        batch.append(answers)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    counts.save(survey.pk)  # once: fewer, larger upserts than one per batch
    return total


def seed_response(survey: Survey, answers: Mapping[str, object], **options) -> SurveyResponse:
    """One submitted response (for tests that need the object)."""
    seed_responses(survey, [answers], **options)
    return SurveyResponse.objects.filter(survey=survey).order_by("-pk").first()


def seed_drafts(survey: Survey, last_sections: Iterable[int], *, started_at: datetime | None = None) -> None:
    """Unfinished responses that stopped at the given sections (counted from 0)."""
    started_at = started_at or timezone.now()
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey=survey,
            version=survey.current_version,
            reference=secrets.token_hex(6).upper(),
            resume_token_hash=secrets.token_hex(32),
            last_section=section,
            started_at=started_at,
        )
        for section in last_sections
    )


def add_contact(response: SurveyResponse, email: str) -> ContactDetail:
    return ContactDetail.objects.create(response=response, email=email)
