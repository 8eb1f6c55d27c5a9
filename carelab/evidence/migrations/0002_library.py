# The library (issue 10): attachments' text status and private storage, and the full-text search index.

import carelab.evidence.models
from django.db import migrations, models

from carelab.evidence import search


class RunSQLOn(migrations.RunSQL):
    """RunSQL for one database vendor only (the search index is SQLite FTS5 or a PostgreSQL tsvector)."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, kwargs.pop("sql"), kwargs.pop("reverse_sql")], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='text_problem',
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name='attachment',
            name='text_status',
            field=models.CharField(choices=[('waiting', 'Reading the text in the file'), ('read', 'Text read for search and coding'), ('no_text', 'No text found in the file'), ('failed', 'CareLab could not read the text in the file')], default='waiting', max_length=20),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='file',
            field=models.FileField(max_length=300, storage=carelab.evidence.models.private_storage, upload_to=carelab.evidence.models._attachment_path),
        ),
        RunSQLOn("sqlite", search.SQLITE_CREATE, search.SQLITE_DROP),
        RunSQLOn("postgresql", search.PG_CREATE, search.PG_DROP),
    ]
