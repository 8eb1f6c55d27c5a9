"""Partners are organisations of kind "partner" in the lab's directory (decision record 0006).

Runs after the organisations migration that copies each lab's partners across.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0001_initial"),
        ("organisations", "0002_partners_become_organisations"),
    ]

    operations = [
        migrations.DeleteModel(name="Partner"),
    ]
