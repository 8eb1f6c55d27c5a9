# Any notes already written move into the audit trail (notes are events now), and each flag keeps its
# survey and response reference. A migration of its own: PostgreSQL will not alter a table in the
# transaction that has just updated its rows.

from django.db import migrations


def notes_to_events_and_keep_references(apps, schema_editor):
    SafeguardingFlag = apps.get_model("safeguarding", "SafeguardingFlag")
    FlagEvent = apps.get_model("safeguarding", "FlagEvent")
    for flag in SafeguardingFlag.objects.select_related("survey_response").iterator():
        if flag.notes.strip():
            FlagEvent.objects.create(flag=flag, action="note_added", note=flag.notes.strip())
        if flag.survey_response is not None:
            flag.survey_id = flag.survey_response.survey_id
            flag.response_reference = flag.survey_response.reference
            flag.save(update_fields=["survey", "response_reference"])


class Migration(migrations.Migration):

    dependencies = [
        ('safeguarding', '0002_flag_survey_reference_event_actions'),
    ]

    operations = [
        migrations.RunPython(notes_to_events_and_keep_references, migrations.RunPython.noop),
    ]
