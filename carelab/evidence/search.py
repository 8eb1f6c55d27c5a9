"""Ranked full-text search of the evidence library, with stemming, on SQLite and PostgreSQL alike.

The index is built by the database from `EvidenceItem.search_text` (decision 0028):

- SQLite: an external-content FTS5 table, `evidence_search`, with the porter stemmer, kept in step
  with the items' table by triggers. Search joins it once and orders by `bm25`.
- PostgreSQL: a generated `tsvector` column, `search_vector` (the "english" configuration, which
  stems), with a GIN index. Search orders by `ts_rank`.

Both are created by migration `evidence.0002_library`. Whoever writes an item only sets
`search_text` (see `EvidenceItem.text_for_search`); nothing else keeps the index up to date.
"""

from django.db import connections
from django.db.models import Q, QuerySet

from carelab.lib.search_terms import fts5_match, search_terms

ITEMS_TABLE = "evidence_evidenceitem"
FTS_TABLE = "evidence_search"
PG_INDEXED_CHARACTERS = 250_000  # as in PG_CREATE

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS evidence_search_insert AFTER INSERT ON evidence_evidenceitem BEGIN
        INSERT INTO evidence_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS evidence_search_delete AFTER DELETE ON evidence_evidenceitem BEGIN
        INSERT INTO evidence_search(evidence_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS evidence_search_update AFTER UPDATE OF search_text ON evidence_evidenceitem
    WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO evidence_search(evidence_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO evidence_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
SQLITE_TRIGGER_NAMES = ("evidence_search_insert", "evidence_search_delete", "evidence_search_update")
SQLITE_REBUILD = "INSERT INTO evidence_search(evidence_search) VALUES ('rebuild')"
SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS evidence_search USING fts5(
        search_text, content='evidence_evidenceitem', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    *SQLITE_TRIGGERS,
    SQLITE_REBUILD,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS evidence_search_insert",
    "DROP TRIGGER IF EXISTS evidence_search_delete",
    "DROP TRIGGER IF EXISTS evidence_search_update",
    "DROP TABLE IF EXISTS evidence_search",
]

# PostgreSQL refuses a tsvector over 1 MB; the first 250,000 characters (a 100-page report) always fit.
PG_CREATE = [
    """ALTER TABLE evidence_evidenceitem ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('english'::regconfig, left(search_text, 250000))) STORED""",
    "CREATE INDEX evidence_search_vector_gin ON evidence_evidenceitem USING GIN (search_vector)",
]
# Keep each item's tsvector in its row (storage MAIN) rather than in the TOAST table beside the long
# text: a broad search reads every matching vector twice (count and rank), and fetching each one from
# TOAST made "pain" over 20,000 items five to seven times slower (decision 0028). The UPDATE rewrites
# the rows already there; the vector is generated again from the same text.
PG_KEEP_VECTOR_IN_ROW = [
    "ALTER TABLE evidence_evidenceitem ALTER COLUMN search_vector SET STORAGE MAIN",
    "UPDATE evidence_evidenceitem SET search_text = search_text",
]
PG_LET_VECTOR_OUT_OF_ROW = ["ALTER TABLE evidence_evidenceitem ALTER COLUMN search_vector SET STORAGE EXTENDED"]
PG_DROP = [
    "DROP INDEX IF EXISTS evidence_search_vector_gin",
    "ALTER TABLE evidence_evidenceitem DROP COLUMN search_vector",
]

# Both ranks sort best first in ascending order (bm25 is lower for better matches, ts_rank is negated).
_SQLITE_RANK = f'bm25("{FTS_TABLE}")'
_PG_QUERY = "plainto_tsquery('english'::regconfig, %s)"
_PG_RANK = f'-ts_rank("{ITEMS_TABLE}"."search_vector", {_PG_QUERY})'


def search(items: QuerySet, query: str) -> QuerySet:
    """The items among `items` that have every word of `query` (stemmed), best match first.

    Any text is safe: only its words are searched for (carelab/lib/search_terms.py). Where it has no
    words, `items` come back as they were. Matches carry their rank as `search_rank`.
    """
    terms = search_terms(query)
    if not terms:
        return items
    vendor = connections[items.db].vendor
    if vendor == "sqlite":
        # One join with the FTS table, ranked by bm25 there: a subquery per item was far too slow.
        # The unary + keeps SQLite from looking the FTS table up by rowid for each item (which runs
        # the MATCH once per item): the MATCH drives the join, and items are found by primary key.
        ranked = items.extra(  # noqa: S610 (the query is a bound parameter)
            select={"search_rank": _SQLITE_RANK},
            tables=[FTS_TABLE],
            where=[f'+"{FTS_TABLE}".rowid = "{ITEMS_TABLE}"."id"', f'"{FTS_TABLE}" MATCH %s'],
            params=[fts5_match(terms)],
        )
    elif vendor == "postgresql":
        words = " ".join(terms)
        ranked = items.extra(  # noqa: S610 (the query is a bound parameter)
            select={"search_rank": _PG_RANK},
            select_params=[words],
            where=[f'"{ITEMS_TABLE}"."search_vector" @@ {_PG_QUERY}'],
            params=[words],
        )
    else:  # another database: every word somewhere in the text, unranked and unstemmed
        condition = Q()
        for term in terms:
            condition &= Q(search_text__icontains=term)
        return items.filter(condition)
    return ranked.order_by("search_rank", "-pk")


def ensure_search_index(connection) -> bool:
    """Put back SQLite's triggers if a migration rebuilt the items' table (which drops them), and
    re-index. Returns whether anything was missing. PostgreSQL's column and index survive such changes.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE 'evidence_search%'"
        )
        present = {name for (name,) in cursor.fetchall()}
        if FTS_TABLE not in present:
            return False  # not migrated this far (or migrated back): nothing to keep in step
        if present >= set(SQLITE_TRIGGER_NAMES):
            return False
        for statement in [*SQLITE_TRIGGERS, SQLITE_REBUILD]:
            cursor.execute(statement)
    return True


def rebuild_search_index(connection) -> None:
    """Index every item again from its `search_text` (SQLite only: PostgreSQL's column is always current)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_REBUILD)
