"""The table of the shared cache (Django's database cache), used when there is no REDIS_URL.

It is made by `migrate`, the step every set-up already runs (`make run`, CI, docs/operations.md),
so no deployment can forget `createcachetable`. The name is fixed here, as migrations must not
change with settings; carelab/config/settings.py names the same table (CACHE_TABLE).
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "carelab_cache"


def create_cache_table(apps, schema_editor):
    # Django's own command, so the table has exactly the shape DatabaseCache expects; it does
    # nothing if the table is already there (for example made by `createcachetable` earlier).
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
