"""Evidence library search at scale: 20,000 items seeded in bulk, then ranked searches timed through
`carelab.evidence.search.search` (the page's query: first page of 20 plus the count), and the list
page itself.

Run on its own with `python -m bench.bench_search [--items N]`, or as part of `make bench`
(BENCH_SEARCH_ITEMS sets the count there). On SQLite by default; on PostgreSQL when DATABASE_URL
names one. Measures and reports; asserts nothing. Target (issue 10): each query well under 200 ms.
"""

import random
import statistics
import time

from bench.standalone import run_alone

DEFAULT_ITEMS = 20_000
RUNS = 15

# A clinical-ish vocabulary, so common and rare words both occur, as in a real library.
_COMMON_WORDS = (
    "pain chronic back people living care support mental health depression anxiety study patients "
    "primary services treatment outcomes quality life community self management physical activity"
)
_COMMON = _COMMON_WORDS.split()
_RARE_WORDS = (
    "hydrotherapy acupuncture befriending mindfulness gardening walking yoga physiotherapy opioid "
    "tapering loneliness peer rural carers fibromyalgia arthritis sleep fatigue migraine employment "
    "housing debt stigma telehealth pharmacist podiatry neuropathic catastrophising resilience"
)
_RARE = _RARE_WORDS.split()
QUERIES = [
    ("one common word", "pain"),
    ("two common words", "chronic pain"),
    ("stemmed rare word", "walking"),
    ("three words", "peer support loneliness"),
    ("rare phrase-ish", "opioid tapering pharmacist"),
    ("no match", "zebra"),
    ("hostile text", "\"NEAR(pain* AND) ^col:x -- '; DROP TABLE" * 20),
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_COMMON) if rng.random() < 0.8 else rng.choice(_RARE) for _ in range(words))


def seed_items(lab, count: int) -> float:
    from carelab.evidence.models import EvidenceItem, EvidenceTag

    rng = random.Random(10)  # noqa: S311 (made-up data, not secrets)
    tags = EvidenceTag.objects.bulk_create([EvidenceTag(lab=lab, name=f"Tag {n}") for n in range(20)])
    kinds = [choice for choice, _ in EvidenceItem.Kind.choices]
    started = time.perf_counter()
    items = []
    for number in range(count):
        item = EvidenceItem(
            lab=lab,
            kind=rng.choice(kinds),
            title=f"{_text(rng, 8).capitalize()} ({number})",
            authors=[f"Author{rng.randrange(500)}, A."],
            year=rng.randrange(1990, 2026),
            abstract=_text(rng, rng.randrange(120, 300)),
            keywords=[rng.choice(_RARE), rng.choice(_COMMON)],
            shared_with_participants=rng.random() < 0.5,
        )
        item.search_text = item.text_for_search()
        items.append(item)
    created = EvidenceItem.objects.bulk_create(items, batch_size=1000)
    through = EvidenceItem.tags.through
    through.objects.bulk_create(
        [through(evidenceitem_id=item.pk, evidencetag_id=rng.choice(tags).pk) for item in created], batch_size=2000
    )
    seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon after a large import
    return seconds


def _time(function) -> tuple[float, float]:
    function()  # warm
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def run(client, lab, count: int = DEFAULT_ITEMS) -> None:
    from django.db import connection

    from carelab.accounts.models import User
    from carelab.evidence import queries_library as queries

    seconds = seed_items(lab, count)
    team, _ = User.objects.get_or_create(
        email="bench-search@example.org", defaults={"display_name": "Bench", "is_superuser": True}
    )
    print()
    print(f"Evidence search: {count:,} items on {connection.vendor} (seeded in {seconds:.1f} s)")
    print(f"{'query':<28}{'matches':>9}{'median ms':>11}{'max ms':>9}{'page ms':>9}")
    client.force_login(team)
    for name, query in QUERIES:
        filters = {"query": query}

        def first_page(filters=filters):
            items = queries.for_list(queries.find_items(lab, team, filters))
            return items.count(), list(items[:20])

        matches = first_page()[0]
        median, worst = _time(first_page)
        path = f"/labs/{lab.slug}/evidence/?q={query[:400]}"
        page_median, _ = _time(lambda path=path: client.get(path))
        print(f"{name:<28}{matches:>9,}{median:>11.1f}{worst:>9.1f}{page_median:>9.1f}")
    filtered = {"query": "pain", "kind": "study", "year_from": 2000, "year_to": 2020}

    def with_filters():
        items = queries.find_items(lab, team, filtered)
        return items.count(), list(items[:20])

    median, worst = _time(with_filters)
    print(f"{'pain + kind + years':<28}{with_filters()[0]:>9,}{median:>11.1f}{worst:>9.1f}")
    filtered = {"query": "walking", "tag": lab.evidence_tags.order_by("pk").first().pk}
    median, worst = _time(with_filters)
    print(f"{'walking + tag':<28}{with_filters()[0]:>9,}{median:>11.1f}{worst:>9.1f}")
    participant_view = queries.for_list(queries.find_items(lab, User(pk=0), {"query": "chronic pain"}))
    median, worst = _time(lambda: (participant_view.count(), list(participant_view[:20])))
    print(f"{'chronic pain, shared only':<28}{participant_view.count():>9,}{median:>11.1f}{worst:>9.1f}")


def main() -> None:
    run_alone(
        run,
        description=__doc__.split("\n\n")[0],
        option="items",
        default=DEFAULT_ITEMS,
        slug="bench-search",
        title="Search benchmark lab",
    )


if __name__ == "__main__":
    main()
