from django.db import migrations, models


def phrases_were_urgent(apps, schema_editor):
    """Comments held for a lab phrase before the risk check had levels: the phrase was urgent risk,
    and the reasons read as the risk check words them."""
    Comment = apps.get_model("comments", "Comment")
    for comment in Comment.objects.only("pk", "risk_reasons").iterator():
        if not comment.risk_reasons:
            continue
        comment.risk_level = "urgent"
        comment.risk_reasons = [f"the lab's phrase “{phrase}”" for phrase in comment.risk_reasons]
        comment.save(update_fields=["risk_level", "risk_reasons"])


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [
        migrations.RenameField(model_name="comment", old_name="matched_risk_phrases", new_name="risk_reasons"),
        migrations.AddField(
            model_name="comment",
            name="risk_level",
            field=models.CharField(blank=True, default="", max_length=10),
        ),
        migrations.RunPython(phrases_were_urgent, migrations.RunPython.noop),
    ]
