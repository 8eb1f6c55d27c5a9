"""Importing reference files into a lab's evidence library: all or nothing."""

from django.db import transaction

from carelab.evidence.models import EvidenceItem
from carelab.labs.models import Lab
from carelab.lib.references import ImportReport, Reference, plan_import


def library_references(lab: Lab) -> list[Reference]:
    """The lab's library as references, to find duplicates against (only what duplicates are judged by)."""
    rows = lab.evidence_items.in_library().values_list("title", "year", "doi", "pmid")
    return [Reference(title=title, year=year, doi=doi, pmid=pmid) for title, year, doi, pmid in rows]


def import_references(lab: Lab, data: bytes, filename: str, by) -> ImportReport:
    """Add every reference in a file that is not already in the lab's library, in one transaction.

    Raises `carelab.lib.references.ReferenceFileError`, having saved nothing, when the file cannot be
    read. Duplicates and records without a title are left out and listed in the report.
    """
    with transaction.atomic():
        # Locking the lab row makes two imports into one lab take turns, so they cannot both add a paper.
        Lab.objects.select_for_update().filter(pk=lab.pk).first()
        report = plan_import(data, filename, library_references(lab))
        items = [_item(lab, reference, by) for reference in report.imported]
        EvidenceItem.objects.bulk_create(items, batch_size=500)
    return report


def _item(lab: Lab, reference: Reference, by) -> EvidenceItem:
    item = EvidenceItem(
        lab=lab,
        kind=reference.kind,
        title=reference.title,
        authors=reference.authors,
        year=reference.year,
        source=reference.source,
        doi=reference.doi,
        pmid=reference.pmid,
        url=reference.url,
        abstract=reference.abstract,
        keywords=reference.keywords,
        origin=EvidenceItem.Origin.IMPORT,
        review=EvidenceItem.Review.ACCEPTED,
        created_by=by,
    )
    item.search_text = item.text_for_search()
    return item
