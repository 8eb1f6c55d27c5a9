"""Survey results at scale: seed many responses to a 30-question survey, then time the
dashboard and the CSV and XLSX exports, plain and with free text redacted (time to first byte,
rows per second, peak memory).

Run on its own with `python -m bench.survey [--responses N]` (100,000 by default), or as
part of `make bench` (BENCH_SURVEY_RESPONSES sets the count there). Like every benchmark it
measures and reports; it asserts nothing. Targets from issue 3: dashboard under 1 s, CSV
export at 20,000 rows/s or more with peak memory under 200 MB.
"""

import gc
import random
import resource
import statistics
import time
import tracemalloc
from datetime import timedelta

from bench.standalone import run_alone

DEFAULT_RESPONSES = 100_000


def synthetic_definition() -> dict:
    """30 questions: 22 of our own (every kind that is counted) and the 8 PHQ-8 items."""
    from carelab.lib.survey_definition import (
        Choice,
        ChoiceList,
        InstrumentRef,
        Question,
        QuestionKind,
        Scale,
        Section,
        Statement,
        SurveyDefinition,
        definition_to_dict,
    )

    lists = (
        ChoiceList("yes_no", (Choice("yes", "Yes"), Choice("no", "No"))),
        ChoiceList("age", tuple(Choice(f"a{n}", f"Age band {n}") for n in range(6))),
        ChoiceList("region", tuple(Choice(f"r{n}", f"Region {n}") for n in range(9))),
        ChoiceList("agree", tuple(Choice(f"g{n}", f"Agreement {n}") for n in range(5))),
        ChoiceList("roles", tuple(Choice(f"role{n}", f"Role {n}") for n in range(6))),
    )
    single = [("lived", "yes_no"), ("carer", "yes_no"), ("age", "age"), ("region", "region"), ("work", "yes_no")]
    single.append(("treated", "agree"))
    about = [Question(QuestionKind.SINGLE_CHOICE, name, f"Question {name}", choices_list=lst) for name, lst in single]
    about += [
        Question(QuestionKind.MULTIPLE_CHOICE, f"multi{n}", f"Multiple choice {n}", choices_list="roles")
        for n in range(3)
    ]
    experience = [Question(QuestionKind.SCALE, f"scale{n}", f"Scale {n}", scale=Scale(0, 10)) for n in range(4)]
    experience += [
        Question(QuestionKind.WHOLE_NUMBER, "years", "Years"),
        Question(QuestionKind.WHOLE_NUMBER, "visits", "Visits"),
        Question(QuestionKind.DECIMAL, "sleep", "Sleep"),
        Question(QuestionKind.DATE, "first_help", "First help"),
    ]
    experience += [
        Question(
            QuestionKind.GRID,
            f"grid{g}",
            f"Grid {g}",
            choices_list="agree",
            statements=tuple(Statement(f"grid{g}_s{s}", f"Statement {s}") for s in range(3)),
        )
        for g in range(2)
    ]
    experience += [Question(QuestionKind.LONG_TEXT, f"text{n}", f"Text {n}") for n in range(3)]
    return definition_to_dict(
        SurveyDefinition(
            title="Benchmark survey",
            id_string="bench",
            sections=(
                Section("about", "About you", questions=tuple(about)),
                Section("experience", "Your experience", questions=tuple(experience)),
                Section("mood", "Mood", instrument=InstrumentRef("phq8", "1.0")),
            ),
            choice_lists=lists,
        )
    )


WORDS = [
    *("pain", "sleep", "walking", "physio", "waiting", "GP", "listened"),
    *("helped", "support", "nobody", "group", "friends", "work"),
]


def random_answers(rng: random.Random) -> dict:
    answers: dict = {
        "lived": rng.choice(["yes", "no"]),
        "carer": rng.choice(["yes", "no"]),
        "age": f"a{rng.randrange(6)}",
        "region": f"r{rng.randrange(9)}",
        "work": rng.choice(["yes", "no"]),
        "treated": f"g{rng.randrange(5)}",
        "years": rng.randrange(40),
        "visits": rng.randrange(30),
        "sleep": round(rng.uniform(3, 10), 1),
        "first_help": f"20{rng.randrange(10, 26)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}",
    }
    for n in range(3):
        answers[f"multi{n}"] = rng.sample([f"role{k}" for k in range(6)], rng.randrange(1, 4))
    for n in range(4):
        answers[f"scale{n}"] = rng.randrange(11)
    for g in range(2):
        for s in range(3):
            answers[f"grid{g}_s{s}"] = f"g{rng.randrange(5)}"
    for n in range(3):
        if rng.random() < 0.5:
            answers[f"text{n}"] = " ".join(rng.choices(WORDS, k=rng.randrange(5, 30)))
    if rng.random() < 0.8:
        for n in range(1, 9):
            answers[f"phq_{n}"] = str(rng.randrange(4))
    return answers


def seed_survey(lab, responses: int):
    """A published 30-question survey with `responses` submitted answers spread over a year."""
    from django.db import connection
    from django.utils import timezone

    from carelab.surveys.models import Answer, Survey, SurveyResponse, SurveyVersion
    from carelab.surveys.tests.seed import seed_drafts, seed_responses

    definition = synthetic_definition()
    survey = Survey.objects.create(
        lab=lab, slug="bench-survey", title="Benchmark survey", status=Survey.Status.OPEN, definition=definition
    )
    survey.current_version = SurveyVersion.objects.create(survey=survey, number=1, definition=definition)
    survey.save(update_fields=["current_version"])
    rng = random.Random(42)  # noqa: S311 - made-up answers, repeatable
    now = timezone.now()
    started = time.perf_counter()
    seed_responses(
        survey,
        (random_answers(rng) for _ in range(responses)),
        submitted_at=(now - timedelta(minutes=rng.randrange(525_600)) for _ in range(responses)),
        batch_size=2000,
        raw=True,
    )
    seed_drafts(survey, [rng.randrange(3) for _ in range(responses // 10)])
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load in production: planner statistics and the
        # visibility map that lets the counts come from the index alone.
        with connection.cursor() as cursor:
            for model in (SurveyResponse, Answer):
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    return survey, time.perf_counter() - started


def time_page(client, path: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, max(timings) * 1000, len(queries)


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def time_export(client, path: str, rows: int) -> dict:
    """Stream one export; `rows` is how many responses it holds (the header is not counted)."""
    gc.collect()
    rss_before = _max_rss_mb()
    started = time.perf_counter()
    response = client.get(path)
    size = 0
    first_byte = None
    for chunk in response.streaming_content:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(chunk)
    elapsed = time.perf_counter() - started
    rss_growth = _max_rss_mb() - rss_before
    # A second run under tracemalloc gives the Python heap's peak (slower, so not timed).
    tracemalloc.start()
    for _ in client.get(path).streaming_content:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "first_byte_ms": (first_byte or 0) * 1000,
        "seconds": elapsed,
        "rows_per_s": rows / elapsed if elapsed else 0,
        "mb": size / 1e6,
        "peak_heap_mb": peak / 1e6,
        "max_rss_growth_mb": rss_growth,
    }


def run(client, lab, responses: int = DEFAULT_RESPONSES) -> None:
    """Seed, measure and print the survey results table (the caller provides a test database)."""
    from django.db import connection

    from carelab.accounts.models import User

    admin, _ = User.objects.get_or_create(
        email="bench-admin@example.org", defaults={"display_name": "Bench admin", "is_superuser": True}
    )
    client.force_login(admin)
    survey, seed_seconds = seed_survey(lab, responses)
    base = f"/labs/{lab.slug}/surveys/team/{survey.slug}"
    runs = 5 if responses >= 50_000 else 10
    print()
    print(f"Survey results: {responses:,} responses to a 30-question survey on {connection.vendor}")
    print(f"  seeded in {seed_seconds:.1f} s ({responses / seed_seconds:,.0f} responses/s)")
    print(f"{'page':<40}{'median ms':>12}{'max ms':>10}{'queries':>10}")
    for name, query in (
        ("dashboard", ""),
        ("dashboard filtered by an answer", "?where=lived%3Dyes"),
        ("dashboard filtered by dates", "?submitted_from=2000-01-01&submitted_to=2100-01-01"),
        ("dashboard with a cross-tab", "?by=region"),
        ("free-text reader, searched", "text/text0/?q=physio"),
        ("free-text reader, personal data hidden", "text/text0/?hide=1"),
        ("summary to share, with a cross-tab", "summary/?by=region"),
    ):
        path = f"{base}/results/{query}"
        median, worst, queries = time_page(client, path, runs)
        print(f"{name:<40}{median:>12.1f}{worst:>10.1f}{queries:>10}")
    print(
        f"{'export':<14}{'rows':>10}{'first byte ms':>15}{'seconds':>9}{'rows/s':>10}{'MB':>8}"
        f"{'heap peak MB':>14}{'RSS growth MB':>15}"
    )
    # "redacted": suspected personal data removed from the free-text columns (text0–text2).
    for name, suffix in (
        ("CSV", "export.csv"),
        ("CSV redacted", "export.csv?redact=1"),
        ("XLSX", "export.xlsx"),
        ("XLSX redacted", "export.xlsx?redact=1"),
    ):
        result = time_export(client, f"{base}/{suffix}", responses)
        print(
            f"{name:<14}{result['rows']:>10,}{result['first_byte_ms']:>15.0f}{result['seconds']:>9.1f}"
            f"{result['rows_per_s']:>10,.0f}{result['mb']:>8.1f}{result['peak_heap_mb']:>14.1f}"
            f"{result['max_rss_growth_mb']:>15.1f}"
        )


def main() -> None:
    run_alone(
        run,
        description=__doc__.split("\n\n")[0],
        option="responses",
        default=DEFAULT_RESPONSES,
        slug="bench-lab",
        title="Benchmark lab",
    )


if __name__ == "__main__":
    main()
