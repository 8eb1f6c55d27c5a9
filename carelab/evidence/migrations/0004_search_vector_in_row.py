# PostgreSQL keeps each item's search vector in its row, not in TOAST (decision 0028): broad searches read them all.

from django.db import migrations

from carelab.evidence import search
from carelab.evidence.migrations._vendor import RunSQLOn


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_submissions")]

    operations = [
        RunSQLOn("postgresql", search.PG_KEEP_VECTOR_IN_ROW, search.PG_LET_VECTOR_OUT_OF_ROW),
    ]
