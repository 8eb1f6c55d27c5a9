"""What the quotes pages read. Every function takes the lab the gatekeeper put on the request, so nothing
here reaches another lab's quotes; a page of quotes costs the same few queries however many there are."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from carelab.insights.models import Excerpt, Quote

# The states the team's list shows, in the order a quote goes through them.
LIST_STATES = (Quote.Status.RAW, Quote.Status.REDACTED, Quote.Status.APPROVED, Quote.Status.PUBLISHED)


def get_quote(lab, pk) -> Quote:
    """A quote of this lab that still has its words (a withdrawn one is a 404: it is only a record)."""
    return get_object_or_404(
        Quote.objects.for_lab(lab)
        .live()
        .select_related(
            "source__survey_response",
            "source__evidence_item",
            "source__attachment__item",
            "redacted_by",
            "approved_by",
            "created_by",
        ),
        pk=pk,
    )


def get_excerpt_to_quote(lab, pk) -> Excerpt:
    return get_object_or_404(
        Excerpt.objects.filter(source__lab=lab).select_related(
            "source__survey_response", "source__evidence_item", "source__attachment__item"
        ),
        pk=pk,
    )


def counts_by_state(lab) -> dict[str, int]:
    counted = dict(
        Quote.objects.for_lab(lab)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return {status: counted.get(status, 0) for status in Quote.Status.values}


def quotes_in_state(lab, status: str):
    return (
        Quote.objects.for_lab(lab)
        .filter(status=status)
        .select_related("redacted_by", "approved_by", "source")
        .order_by("-created_at", "-pk")
    )


def withdrawn_quotes(lab):
    return (
        Quote.objects.for_lab(lab)
        .withdrawn()
        .only("pk", "attribution", "withdrawn_at", "withdrawn_reason", "created_at", "status")
        .order_by("-withdrawn_at", "-pk")
    )


def redaction_log(quote: Quote):
    """What was taken out of the quote: kinds and replacements, by whom, never the words."""
    return quote.redactions.select_related("by").order_by("at", "pk")
