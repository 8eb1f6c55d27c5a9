"""Worlds that are slow to build, built once per test process and put back cheaply (decision 0036).

`kept_world(name, build)` runs `build()` the first time in a worker process, reads back every row it
added (every model table, many-to-many tables included), and keeps those rows in memory. In every
later module it inserts the same rows again, raw (COPY on PostgreSQL, multi-row INSERTs on SQLite):
no `save()`, no signals. What the database derives from rows it derives again: SQLite's full-text index of the
evidence library is kept by triggers, PostgreSQL's search vector is a generated column (decision
0028). Afterwards PostgreSQL's sequences are moved past the ids put back, so later inserts get new ids.

The rows go back only into the database as it was when they were read: the tables `build()` filled
must be empty, and if any row kept points into a table that already had rows (content types, say),
that table must hold the same rows as then. Otherwise `build()` runs again and its rows are kept anew.
Always call it inside a transaction that is rolled back afterwards (as `demo_lab` does).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.test import TransactionTestCase

# PostgreSQL takes at most 65,535 parameters in one statement; SQLite says what it takes.
_MOST_PARAMETERS = 30_000


def model_tables() -> list[type[Model]]:
    """Every model that has a table of its own (many-to-many tables too), each table once."""
    models, seen = [], set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        models.append(model)
    return models


def tables_with_rows(connection, tables: list[str]) -> set[str]:
    """Which of `tables` hold at least one row, in one query (each part stops at the first row)."""
    if not tables:
        return set()
    quote = connection.ops.quote_name
    parts = [f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables]  # noqa: S608
    found = set()
    # SQLite allows at most 500 parts to a compound SELECT.
    for start in range(0, len(parts), 400):
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts[start : start + 400]), tables[start : start + 400])
            found.update(name for (name,) in cursor.fetchall())
    return found


def in_dependency_order(models: list[type[Model]]) -> list[type[Model]]:
    """`models` ordered so that each comes after the models its foreign keys point to (among them)."""
    by_table = {model._meta.db_table: model for model in models}
    ordered, placed, visiting = [], set(), set()

    def place(model):
        table = model._meta.db_table
        if table in placed or table in visiting:  # a cycle: deferred constraints let either go first
            return
        visiting.add(table)
        for field in model._meta.local_concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target._meta.db_table in by_table and target._meta.db_table != table:
                place(by_table[target._meta.db_table])
        visiting.discard(table)
        placed.add(table)
        ordered.append(model)

    for model in models:
        place(model)
    return ordered


@dataclass
class TableRows:
    model: type[Model]
    columns: list[str]
    rows: list[tuple]


def read_rows(connection, model: type[Model]) -> TableRows:
    """Every row of the model's table as the database driver gives it, for its concrete columns
    (not PostgreSQL's generated search vector, which no model names)."""
    quote = connection.ops.quote_name
    columns = [field.column for field in model._meta.local_concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)}")  # noqa: S608
        rows = [tuple(row) for row in cursor.fetchall()]
    return TableRows(model, columns, rows)


def insert_rows(connection, table: TableRows) -> None:
    """Insert the rows again: by COPY on PostgreSQL, many rows to an INSERT elsewhere."""
    if not table.rows:
        return
    quote = connection.ops.quote_name
    into = f"{quote(table.model._meta.db_table)} ({', '.join(map(quote, table.columns))})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_in(cursor, f"COPY {into} FROM STDIN", table.rows)
            return
        width = len(table.columns)
        most = min(connection.features.max_query_params or _MOST_PARAMETERS, _MOST_PARAMETERS)
        per_statement = max(1, most // width)
        one_row = f"({', '.join(['%s'] * width)})"
        for start in range(0, len(table.rows), per_statement):
            batch = table.rows[start : start + per_statement]
            values = ", ".join([one_row] * len(batch))
            cursor.execute(f"INSERT INTO {into} VALUES {values}", [value for row in batch for value in row])  # noqa: S608


def _copy_in(cursor, sql: str, rows: list[tuple]) -> None:
    """PostgreSQL's COPY, ten times faster than INSERTs whose values psycopg writes out in Python. It
    goes through the connection's execute wrappers like any statement, so the public pages kept for
    visitors learn of the write (decision 0043)."""

    def copy(sql, params, many, context):
        with cursor.cursor.copy(sql) as copying:
            for row in rows:
                copying.write_row(row)

    cursor._execute_with_wrappers(sql, None, False, executor=copy)


@dataclass
class KeptWorld:
    tables: list[TableRows]  # in dependency order
    # Tables that had rows before `build()` and that kept rows point into, with those rows.
    depends_on: dict[str, TableRows]

    def fits(self, connection) -> bool:
        """Whether the rows can go back: their tables are empty, and what they point to is as it was."""
        if tables_with_rows(connection, [table.model._meta.db_table for table in self.tables]):
            return False
        return all(read_rows(connection, kept.model).rows == kept.rows for kept in self.depends_on.values())

    def put_back(self, connection) -> None:
        for table in self.tables:
            insert_rows(connection, table)
        reset_sequences(connection, [table.model for table in self.tables])


def reset_sequences(connection, models: list[type[Model]]) -> None:
    """Move each table's id sequence past the largest id in it (PostgreSQL; SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def keep_rows_of(connection, build: Callable[[], None]) -> KeptWorld | None:
    """Run `build()` and read back the rows it added; None when it also changed rows that were there
    before (those could not be put back by inserting). The caller decides whether to keep the build."""
    models = model_tables()
    had_rows = tables_with_rows(connection, [model._meta.db_table for model in models])
    before = {
        model._meta.db_table: read_rows(connection, model) for model in models if model._meta.db_table in had_rows
    }
    build()
    filled = tables_with_rows(connection, [model._meta.db_table for model in models])
    if any(read_rows(connection, kept.model).rows != kept.rows for kept in before.values()):
        return None
    added = [read_rows(connection, model) for model in in_dependency_order(models) if model._meta.db_table in filled]
    added = [table for table in added if table.model._meta.db_table not in before]
    depends_on = {}
    for table in added:
        for field in table.model._meta.local_concrete_fields:
            target = field.related_model._meta.db_table if field.is_relation else None
            if target in before:
                depends_on[target] = before[target]
    return KeptWorld(added, depends_on)


_kept: dict[tuple[str, str], KeptWorld | None] = {}


def kept_world(name: str, build: Callable[[], None], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make the world `build()` makes, in the current transaction: built the first time in this process
    (and whenever the database is not as it was then), put back from the rows kept otherwise."""
    connection = connections[using]
    key = (name, using)
    kept = _kept.get(key)
    if kept is not None and kept.fits(connection):
        kept.put_back(connection)
        return
    if key in _kept and kept is None:  # `build()` changes rows it did not add: it cannot be kept
        build()
        return
    _kept[key] = keep_rows_of(connection, build)


# Emptying the database after a transactional test (browser tests, `transaction=True`)


@dataclass
class _AfterMigrate:
    """What `post_migrate` put in the emptied database the last time it ran: content types and
    permissions, read back as rows. While they stay the same, they need not be made again."""

    tables: dict[str, TableRows]


_after_migrate: dict[str, _AfterMigrate] = {}


def quick_flush(connection) -> None:
    """Empty every model table, as Django's `flush` does after a transactional test, but cheaply.

    Django empties every table (PostgreSQL truncates a hundred and fifty of them, seconds on a busy
    machine) and then sends `post_migrate`, which makes content types and permissions again. Here one
    query finds the tables that have rows, and only those are emptied, in one transaction (foreign keys
    are checked at its end); what `post_migrate` made is kept while it is unchanged since it was made.
    As with Django's `flush` after a test, sequences go on where they were: no test may count on ids.
    """
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with_rows = tables_with_rows(connection, tables)
    kept = _after_migrate.get(connection.alias)
    keep = kept is not None and all(
        read_rows(connection, rows.model).rows == rows.rows for rows in kept.tables.values()
    )
    emptied = sorted(with_rows - set(kept.tables) if keep else with_rows)
    if emptied:
        quote = connection.ops.quote_name
        statements = [f"DELETE FROM {quote(table)}" for table in emptied]  # noqa: S608 (Django's table names)
        # One statement at a time: the public pages' write watcher reads the table a statement names
        # first, and would take "DELETE FROM django_session; DELETE FROM labs_lab" for a session write.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    if keep:
        return
    emit_post_migrate_signal(0, False, connection.alias)
    made = tables_with_rows(connection, tables)
    models = {model._meta.db_table: model for model in model_tables()}
    _after_migrate[connection.alias] = _AfterMigrate(
        {table: read_rows(connection, models[table]) for table in sorted(made) if table in models}
    )


_django_fixture_teardown = TransactionTestCase._fixture_teardown


def fixture_teardown_with_quick_flush(self: TransactionTestCase) -> None:
    """`TransactionTestCase._fixture_teardown` with `quick_flush` in place of the `flush` command.
    Tests that name their apps or restore a serialised database keep Django's own."""
    if self.available_apps is not None or self.serialized_rollback:
        _django_fixture_teardown(self)
        return
    for alias in self._databases_names(include_mirrors=False):
        quick_flush(connections[alias])
