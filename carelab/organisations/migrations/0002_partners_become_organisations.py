"""Each lab's partners become organisations of kind "partner", so the directory is the one list.

See docs/decisions/0006-organisations.md. Partners already in the directory (by name, ignoring
case) are left alone, so running this on a lab that has both changes nothing.
"""

from django.db import migrations


def copy_partners(apps, schema_editor):
    Partner = apps.get_model("labs", "Partner")
    Organisation = apps.get_model("organisations", "Organisation")
    for partner in Partner.objects.order_by("lab_id", "order", "name"):
        names = Organisation.objects.filter(lab_id=partner.lab_id).values_list("name", flat=True)
        if partner.name.casefold() in {name.casefold() for name in names}:
            continue
        Organisation.objects.create(
            lab_id=partner.lab_id,
            name=partner.name[:200],
            kind="partner",
            region="uk_wide",  # partners have no region; the lab team can change it
            website=partner.website if partner.website.startswith("https://") else "",
            description=partner.description,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_partners, migrations.RunPython.noop)]
