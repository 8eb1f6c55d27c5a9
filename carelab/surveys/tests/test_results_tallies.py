"""The tallies the results pages read always add up to what counting the answers gives."""

import random
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from carelab.surveys import tallies
from carelab.surveys.actions.answering import save_section, start_response, submit_response
from carelab.surveys.answer_rows import NO_LONGER_ASKED, ItemKind, rebuild_tallies, survey_result_items
from carelab.surveys.models import AnswerPairTally, AnswerTally, SurveyVersion
from carelab.surveys.results import (
    ResultFilters,
    count_answers,
    cross_counts_from_answers,
    responses_over_time,
    submitted_per_day,
    tallied_counts,
)
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_responses

ROLES = ["lived_experience", "carer", "professional", "other"]


def random_answers(rng: random.Random) -> dict:
    answers = {
        "roles": rng.sample(ROLES, rng.randrange(1, 4)),
        "lives_with_pain": rng.choice(["yes", "no"]),
        "age_band": rng.choice(["18_34", "35_54", "55_plus"]),
        "listened_to": rng.choice(["agree", "neutral", "disagree"]),
        "sleep_hours": rng.choice([5, 6.5, 7, 8.25]),
    }
    if answers["lives_with_pain"] == "yes":
        answers["pain_years"] = rng.randrange(20)
        answers["pain_today"] = rng.randrange(11)
    if rng.random() < 0.5:
        answers["what_helped"] = rng.choice(["Walking", "My GP listened", "A peer group"])
    if rng.random() < 0.7:
        answers.update({f"phq_{n}": str(rng.randrange(4)) for n in range(1, 9)})
    return {key: value for key, value in answers.items() if rng.random() < 0.9 or key == "roles"}


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    rng = random.Random(7)
    # Times either side of the clock changes, so UK days and UTC days differ for some.
    start = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)
    seed_responses(
        survey,
        [random_answers(rng) for _ in range(60)],
        submitted_at=[start + timedelta(hours=13 * n) for n in range(60)],
        batch_size=40,
    )
    return survey


def normalised(counts):
    return (
        {question: sorted(groups) for question, groups in counts.grouped.items()},
        counts.responses,
    )


def filters_to_try(items):
    yield ResultFilters()
    yield ResultFilters(submitted_from=date(2026, 3, 29))
    yield ResultFilters(submitted_to=date(2026, 3, 30))
    yield ResultFilters(submitted_from=date(2026, 3, 30), submitted_to=date(2026, 4, 2))
    for item in items:
        if item.is_choice:
            for value, _ in item.choices[:3]:
                yield ResultFilters(question=item.name, value=value)
    yield ResultFilters(question="lives_with_pain", value="nobody-chose-this")


def test_tallied_counts_equal_the_counts_of_the_answers_for_every_filter_the_tallies_answer(survey):
    items = survey_result_items(survey)
    multiple = [item.name for item in items if item.kind == ItemKind.MULTIPLE]
    tried = 0
    for filters in filters_to_try(items):
        tallied = tallied_counts(survey, items, filters)
        counted = count_answers(survey, filters, multiple)
        assert normalised(tallied) == normalised(counted), filters
        assert {name: tallied.people.get(name, 0) for name in multiple} == {
            name: counted.people.get(name, 0) for name in multiple
        }
        tried += 1
    assert tried > 20  # no filter, four date ranges and every option of the first choices


def test_tallied_responses_per_day_equal_the_responses_counted_by_day_for_every_filter(survey):
    items = survey_result_items(survey)
    both = ResultFilters(submitted_from=date(2026, 3, 30), question="lives_with_pain", value="yes")
    with_responses = 0
    for filters in [*filters_to_try(items), both]:
        counted = submitted_per_day(survey, filters)
        with_responses += bool(counted)
        _, periods = responses_over_time(survey, filters)
        assert {period.starts: period.count for period in periods if period.count} == counted, filters
    assert with_responses > 20


def test_dates_and_an_answer_together_are_counted_from_the_answers(survey):
    items = survey_result_items(survey)
    filters = ResultFilters(submitted_from=date(2026, 3, 30), question="lives_with_pain", value="yes")
    assert tallied_counts(survey, items, filters) is None
    assert tallied_counts(survey, items, ResultFilters(question="pain_today", value="7")) is None  # a scale


def test_a_tallied_cross_tab_equals_the_cross_tab_counted_from_the_answers(survey):
    names = ["lives_with_pain", "age_band", "listened_to", "phq_1"]
    for by in ("roles", "age_band", "phq_1"):
        assert tallies.cross_counts(survey, by, names) == cross_counts_from_answers(survey, by, names, ResultFilters())


def snapshot(survey):
    return (
        sorted(
            AnswerTally.objects.filter(survey=survey).values_list(
                "day", "question", "choice", "number", "people", "responses"
            )
        ),
        sorted(
            AnswerPairTally.objects.filter(survey=survey).values_list(
                "by_question", "by_choice", "question", "choice", "number", "people", "responses"
            )
        ),
    )


def test_submitting_through_the_survey_keeps_the_tallies_as_a_rebuild_would(cast):
    survey = SurveyFactory(lab=cast.lab, slug="live")
    for roles, pain in ((["carer"], "no"), (["carer", "professional"], "yes")):
        response, _ = start_response(survey, consents={"take_part": True, "health_information": True})
        save_section(response, 0, {"roles": roles, "lives_with_pain": pain})
        submit_response(response)
    kept = snapshot(survey)
    assert kept[0], "submitting wrote no tallies"
    assert rebuild_tallies(survey) == 2
    assert snapshot(survey) == kept


def test_the_rebuild_command_recounts_a_labs_surveys(survey):
    kept = snapshot(survey)
    AnswerTally.objects.filter(survey=survey).delete()
    AnswerPairTally.objects.filter(survey=survey).update(responses=1)
    output = StringIO()
    call_command("rebuild_survey_tallies", "the-lab", stdout=output)
    assert "launch: recounted 60 submitted responses." in output.getvalue()
    assert snapshot(survey) == kept


def test_the_rebuild_command_names_a_survey_it_cannot_find(cast):
    SurveyFactory(lab=cast.lab, slug="launch")
    with pytest.raises(CommandError, match="no survey with the slug nope"):
        call_command("rebuild_survey_tallies", "the-lab", "launch", "nope")
    with pytest.raises(CommandError, match="no lab"):
        call_command("rebuild_survey_tallies", "no-such-lab")


def test_answers_to_a_question_an_earlier_version_asked_still_count_under_no_longer_asked(survey, cast, client_for):
    definition = dict(survey.current_version.definition)
    definition["sections"] = [
        {**section, "questions": [q for q in section.get("questions", []) if q.get("name") != "age_band"]}
        for section in definition["sections"]
    ]
    survey.current_version = SurveyVersion.objects.create(survey=survey, number=2, definition=definition)
    survey.save(update_fields=["current_version"])
    items = {item.name: item for item in survey_result_items(survey)}
    assert items["age_band"].section == NO_LONGER_ASKED
    assert items["roles"].section != NO_LONGER_ASKED
    page = client_for(cast.team).get("/labs/the-lab/surveys/team/launch/results/")
    assert page.status_code == 200
    assert NO_LONGER_ASKED in page.content.decode()
