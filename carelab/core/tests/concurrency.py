"""Racing writes against each other in tests: each job in its own thread, all released at once."""

import threading

from django.db import connection, connections


def race(*jobs) -> tuple[list[str], list]:
    """Run the jobs at the same moment, each with its own database connection.

    Returns the failures (as repr strings) and the jobs' results, in the order they finished.
    Tests marked `django_db(transaction=True)` only: the threads must see each other's commits.
    """
    start = threading.Barrier(len(jobs))
    failures, results = [], []

    def run(job):
        try:
            start.wait(timeout=10)
            results.append(job())
        except Exception as error:  # noqa: BLE001 - reported to the test
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures, results


def refused_by_the_test_database(failures: list[str]) -> list[str]:
    """Failures other than SQLite's shared in-memory test database refusing a lock.

    That database (tests only) has table-level locks that fail at once rather than wait, so on it
    some of the racers are turned away whole, which still must not break the count. On PostgreSQL,
    and on SQLite files (which wait, see settings), every racer gets through.
    """
    if connection.vendor != "sqlite":
        return failures
    return [failure for failure in failures if "is locked" not in failure]
