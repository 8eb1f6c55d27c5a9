"""Writes to a lab's organisations that touch many rows at once."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from carelab.labs.models import Lab
from carelab.lib.organisations_csv import OrganisationRow, name_key
from carelab.organisations.models import Organisation

UPDATED_FIELDS = ["name", "kind", "region", "website", "description", "updated_at"]


@dataclass(frozen=True)
class ImportCounts:
    added: int
    updated: int


def import_organisations(lab: Lab, rows: Sequence[OrganisationRow]) -> ImportCounts:
    """Add or update every row of a checked file, all in one transaction.

    A row whose name the lab already has (ignoring case and spacing) updates that organisation:
    its name takes the file's spelling and its region the file's region; its kind, website and
    description change only where the file's cell has something in it. Its contact page and
    whether it is public stay as they are. A new organisation with no kind is a local one.
    """
    with transaction.atomic():
        existing = {name_key(organisation.name): organisation for organisation in Organisation.objects.for_lab(lab)}
        now = timezone.now()
        added: list[Organisation] = []
        updated: list[Organisation] = []
        for row in rows:
            organisation = existing.get(name_key(row.name))
            if organisation is None:
                added.append(
                    Organisation(
                        lab=lab,
                        name=row.name,
                        kind=row.kind or Organisation.Kind.LOCAL,
                        region=row.region,
                        website=row.website,
                        description=row.description,
                    )
                )
                continue
            organisation.name, organisation.region, organisation.updated_at = row.name, row.region, now
            organisation.kind = row.kind or organisation.kind
            organisation.website = row.website or organisation.website
            organisation.description = row.description or organisation.description
            updated.append(organisation)
        Organisation.objects.bulk_create(added)
        Organisation.objects.bulk_update(updated, UPDATED_FIELDS)
    return ImportCounts(added=len(added), updated=len(updated))
