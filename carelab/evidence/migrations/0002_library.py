# The library (issue 10): attachments' text status and private storage, and the full-text search index.

import carelab.evidence.models
from django.db import migrations, models

from carelab.evidence import search
from carelab.evidence.migrations._vendor import RunSQLOn


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
