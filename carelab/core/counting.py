"""Counting several querysets in one round trip to the database."""

from django.db import connections
from django.db.models import QuerySet


def count_each(**querysets: QuerySet) -> dict[str, int]:
    """`{name: queryset.count()}` for every queryset given, asked in one query.

    Each count is a subquery, `SELECT COUNT(*) FROM (<the queryset's rows>)`, so a queryset with joins
    or `distinct()` counts exactly what its own `.count()` would. All must use the same database.
    """
    if not querysets:
        return {}
    databases = {queryset.db for queryset in querysets.values()}
    if len(databases) != 1:
        raise ValueError(f"count_each needs querysets on one database, not {sorted(databases)}")
    (database,) = databases
    connection = connections[database]
    columns, params = [], []
    for number, queryset in enumerate(querysets.values()):
        rows = queryset.order_by().values("pk")
        sql, row_params = rows.query.get_compiler(using=database).as_sql()
        columns.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{number})")  # noqa: S608 - compiled by Django
        params.extend(row_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        counts = cursor.fetchone()
    return dict(zip(querysets, counts, strict=True))
