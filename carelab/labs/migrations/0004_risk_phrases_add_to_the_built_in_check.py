"""A lab's risk phrases add to the built-in risk check (decision record 0012), so they start empty.

Every lab used to start with the 13 phrases below, matched word for word and counted as urgent: with
the built-in check they only add false alarms ("suicide prevention training", "can't go on the
trip"). Labs whose list is still those 13 phrases, in that order (whatever the line endings or
spaces), get an empty list; a list a lab has changed in any way is left as it is. Going back gives
the 13 phrases to every lab with none, since the code before this relied on them alone.
"""

from django.db import migrations, models

FORMER_DEFAULT = [
    "kill myself",
    "end my life",
    "end it all",
    "suicide",
    "suicidal",
    "want to die",
    "better off dead",
    "self harm",
    "self-harm",
    "hurt myself",
    "overdose",
    "no reason to live",
    "can't go on",
]


def _phrases(text):
    return [line.strip().casefold() for line in text.splitlines() if line.strip()]


def empty_the_former_default(apps, schema_editor):
    Lab = apps.get_model("labs", "Lab")
    unchanged = [lab.pk for lab in Lab.objects.only("pk", "risk_phrases") if _phrases(lab.risk_phrases) == FORMER_DEFAULT]
    Lab.objects.filter(pk__in=unchanged).update(risk_phrases="")


def restore_the_former_default(apps, schema_editor):
    Lab = apps.get_model("labs", "Lab")
    Lab.objects.filter(risk_phrases="").update(risk_phrases="\n".join(FORMER_DEFAULT))


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0003_small_number_threshold"),
    ]

    operations = [
        migrations.AlterField(
            model_name="lab",
            name="risk_phrases",
            field=models.TextField(
                blank=True,
                default="",
                help_text=(
                    "Every message is already checked for signs that someone may be at risk: thoughts of suicide "
                    "or self-harm, plans, goodbyes, hopelessness and feeling a burden, however they are worded or "
                    "spelt. Add phrases your community uses that the built-in check may not know, one a line. "
                    "Text containing one is held for review and its author is shown where to get help."
                ),
            ),
        ),
        migrations.RunPython(empty_the_former_default, restore_the_former_default),
    ]
