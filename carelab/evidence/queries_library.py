"""What the library pages read. The lab team sees the whole library, the lab's participants the items
the team shares with them; every function takes the lab a gatekeeper put on the request."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from carelab.evidence.models import Attachment, EvidenceItem, EvidenceTag
from carelab.evidence.search import search
from carelab.labs.access import is_lab_team
from carelab.lib.references import Reference


def visible_items(lab, user) -> QuerySet:
    """The library as this person may read it."""
    items = EvidenceItem.objects.for_lab(lab)
    return items.in_library() if is_lab_team(user, lab) else items.shared_with_participants()


def find_items(lab, user, filters: dict) -> QuerySet:
    """The library filtered by kind, years, tag and organisation, and searched (best match first)."""
    items = visible_items(lab, user)
    if filters.get("kind"):
        items = items.filter(kind=filters["kind"])
    if filters.get("year_from"):
        items = items.filter(year__gte=filters["year_from"])
    if filters.get("year_to"):
        items = items.filter(year__lte=filters["year_to"])
    if filters.get("tag"):
        items = items.filter(tags=filters["tag"])
    if filters.get("organisation"):
        items = items.filter(organisation=filters["organisation"])
    return search(items, filters.get("query") or "")


def for_list(items: QuerySet) -> QuerySet:
    """A page of items with what the list shows, in a fixed number of queries."""
    return items.select_related("organisation").prefetch_related(
        Prefetch("tags", queryset=EvidenceTag.objects.only("pk", "name", "lab_id"))
    )


def get_item(lab, user, pk) -> EvidenceItem:
    """One item the person may read (another lab's, or an unshared one for a participant, is a 404)."""
    items = EvidenceItem.objects.for_lab(lab) if is_lab_team(user, lab) else visible_items(lab, user)
    return get_object_or_404(
        items.select_related("organisation", "created_by").prefetch_related(
            "tags", Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by"))
        ),
        pk=pk,
    )


def get_attachment(lab, user, item_pk, pk) -> Attachment:
    item = get_item(lab, user, item_pk)
    return get_object_or_404(item.attachments.all(), pk=pk)


def get_tag(lab, pk) -> EvidenceTag:
    return get_object_or_404(lab.evidence_tags.all(), pk=pk)


def tags(lab) -> QuerySet:
    return lab.evidence_tags.order_by("name")


def tags_with_counts(lab) -> QuerySet:
    return tags(lab).annotate(item_count=Count("items"))


def organisations(lab) -> QuerySet:
    return lab.organisations.order_by("name")


def references(items: QuerySet) -> list[Reference]:
    """Items as references for the RIS and CSV writers (carelab/lib/references.py)."""
    fields = ("kind", "title", "authors", "year", "source", "doi", "pmid", "url", "abstract", "keywords")
    return [
        Reference(
            kind=row["kind"],
            title=row["title"],
            authors=list(row["authors"] or []),
            year=row["year"],
            source=row["source"],
            doi=row["doi"],
            pmid=row["pmid"],
            url=row["url"],
            abstract=row["abstract"],
            keywords=list(row["keywords"] or []),
        )
        for row in items.values(*fields)
    ]
