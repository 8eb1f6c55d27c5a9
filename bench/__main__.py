"""CareLab benchmarks: `make bench`. Measures, reports, asserts nothing.

`make bench ONLY=side-by-side` runs only the side-by-side comparison with a bare Django view
(bench/side_by_side.py), which `make bench` runs last.

Runs against a throw-away database: a temporary SQLite file, or the PostgreSQL
server named by DATABASE_URL (a `carelab_bench` database is created and dropped).
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carelab.config.test_settings")
_tmp = tempfile.mkdtemp(prefix="carelab-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, get_runner  # noqa: E402

from bench import bench_search as search_bench  # noqa: E402
from bench import bench_themes as themes_bench  # noqa: E402
from bench import risk as risk_bench  # noqa: E402
from bench import spc as spc_bench  # noqa: E402
from bench import survey as survey_bench  # noqa: E402
from bench.seed import seed_comments  # noqa: E402
from carelab.labs.models import Lab  # noqa: E402


def measure(client: Client, path: str, runs: int = 50) -> dict:
    client.get(path)  # warm caches and templates
    timings = []
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries)  # read now: each request clears the connection's query log
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "queries": query_count,
    }


def main() -> None:
    risk_bench.run(show_messages=False)
    print()
    spc_bench.run()
    print()
    themes_bench.run()
    print()
    survey_responses = int(os.environ.get("BENCH_SURVEY_RESPONSES", survey_bench.DEFAULT_RESPONSES))
    runner = get_runner(settings)(verbosity=0, interactive=False)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    try:
        call_command("loaddemo", "--force", stdout=io.StringIO())
        post_path = seed_comments(approved=200)
        client = Client()
        rows = [
            ("lab home", "/labs/pain-and-mental-health/"),
            ("post list", "/labs/pain-and-mental-health/posts/"),
            ("post with 200 comments", post_path),
            ("atom feed", "/labs/pain-and-mental-health/posts/feed/"),
        ]
        engine = connection.vendor
        print(f"CareLab benchmarks on {engine} (Python {sys.version.split()[0]}, Django {django.get_version()})")
        print(f"{'page':<28}{'median ms':>12}{'p95 ms':>10}{'queries':>10}")
        for name, path in rows:
            result = measure(client, path)
            print(f"{name:<28}{result['median_ms']:>12.1f}{result['p95_ms']:>10.1f}{result['queries']:>10}")
        survey_bench.run(client, Lab.objects.get(slug="pain-and-mental-health"), survey_responses)
        search_items = int(os.environ.get("BENCH_SEARCH_ITEMS", search_bench.DEFAULT_ITEMS))
        search_bench.run(client, Lab.objects.get(slug="pain-and-mental-health"), search_items)
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()


if __name__ == "__main__":
    from bench import side_by_side

    if "side-by-side" not in sys.argv[1:]:
        main()
        print()
    side_by_side.main()
