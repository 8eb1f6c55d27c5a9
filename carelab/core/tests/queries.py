"""Counting a page's own queries in tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def version_statements() -> int:
    """Statements run so far on the connection to read or start the content version (decision 0043)."""
    return getattr(connection, "_carelab_version_statements", 0)


class PageQueries(CaptureQueriesContext):
    """`CaptureQueriesContext` whose length is the queries a page asked itself: not those reading or
    starting the content version (`core.page_cache.version_statements`), which in production are one
    Redis read and no database query. `captured_queries` still lists every statement."""

    def __init__(self):
        super().__init__(connection)

    def __enter__(self):
        self.version_statements = -version_statements()
        return super().__enter__()

    def __exit__(self, *exc):
        super().__exit__(*exc)
        self.version_statements += version_statements()

    def __len__(self):
        return len(self.captured_queries) - self.version_statements
