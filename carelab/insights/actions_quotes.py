"""Writes for quotes: from an excerpt a person consented to have quoted, through redaction and a second
team member's approval, to publication; and withdrawal, everywhere at once.

States: raw → redacted → approved → published (docs/decisions/0030). Each step locks the quote's row
and refuses a change that no longer applies (a form left open in another tab), with a message to show.

- Only an excerpt whose author consented to being quoted becomes a quote (`quote_refusal`): a survey
  answer whose response has the "quote" consent, a submitted story or example whose submitter gave it.
  Research the lab team added or imported (studies, reviews, data sets) is published material, quoted
  as a citation of the publication. Event notes are never quoted: events record no one's consent.
- The attribution is generic, from the source's group and region ("Lab participant, lived experience,
  North West"), never a name, and the team can only leave parts out, not type one.
- Each redaction is logged as a `QuoteRedaction` with its kind and replacement, never the words removed.
- A second lab-team member approves: not the one who redacted, nor anyone whose redactions are in the
  log, so two people have read the words before anyone else can.
- `withdraw_quotes` marks every quote from a survey response, a submission or a person withdrawn at
  once, with its words blanked, so every page that shows published quotes stops showing them.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from carelab.evidence.models import EvidenceItem
from carelab.insights.models import Excerpt, Quote, QuoteRedaction, Source
from carelab.lib.quote_redaction import Suggestion, apply_redactions, suggest_redactions
from carelab.lib.regions import region_code, region_name

ATTRIBUTION_MAX_LENGTH = 300
WITHDRAWN_REASON_MAX_LENGTH = 300

# Why quotes were withdrawn, as the team's page says it (never the words, never who).
CONSENT_WITHDRAWN = "The person withdrew their consent to be quoted."
RESPONSE_DELETED = "The person deleted their survey answers."
RESPONSE_REMOVED_BY_TEAM = "The lab team removed the survey response."
HEALTH_DATA_WITHDRAWN = "The person withdrew consent to use their survey answers."
ACCOUNT_DELETED = "The person deleted their account."
SUBMISSION_CONSENT_WITHDRAWN = "The person who sent it withdrew their consent to be quoted."
SUBMISSION_DELETED = "The example or story it came from was deleted."
ITEM_DELETED = "The lab team deleted the library item it came from."

# Evidence the lab team adds or imports that is published material, quoted as a citation.
PUBLISHED_KINDS = frozenset({EvidenceItem.Kind.STUDY, EvidenceItem.Kind.REVIEW, EvidenceItem.Kind.DATA_SET})


class QuoteError(ValueError):
    """A quote change that cannot be made, with a message to show."""


# Consent


def _item_of(source: Source) -> EvidenceItem | None:
    if source.evidence_item_id:
        return source.evidence_item
    if source.attachment_id:
        return source.attachment.item
    return None


def quote_refusal(source: Source | None) -> str | None:
    """Why the words in this source may not be quoted, or None when they may (consent still held)."""
    if source is None:
        return "The text this came from has been deleted."
    if source.kind == Source.Kind.SURVEY_ANSWER:
        response = source.survey_response
        if response is None:
            return "The survey response has been deleted."
        if not response.has_consent("quote"):
            return "This person did not agree to be quoted, or has withdrawn their agreement."
        return None
    if source.kind == Source.Kind.EVENT_NOTES:
        return (
            "Event notes are not quoted: they record what several people said, and an event does not record "
            "each person's agreement to be quoted. Quote people from survey answers or stories they sent in "
            "and agreed to have quoted."
        )
    item = _item_of(source)
    if item is None:
        return "The evidence item this came from has been deleted."
    if item.origin == EvidenceItem.Origin.SUBMISSION:
        if not item.has_consent("quote"):
            return "The person who sent this did not agree to be quoted, or has withdrawn their agreement."
        return None
    if item.kind in PUBLISHED_KINDS:
        return None
    return (
        f"This {item.get_kind_display().lower()} was added by the lab team, so there is no record that its "
        "author agreed to be quoted. Quote published research (studies, reviews and data sets), or ask the person "
        "to send their story through the lab's form, where they can agree to be quoted."
    )


# Attribution


def _lowered(words: str) -> str:
    """ "Lived experience" → "lived experience", but "NHS staff" stays as it is. A survey's answer in the
    first person ("I live with persistent pain") is said of the person ("lives with persistent pain")."""
    words = " ".join(words.split())
    first_person = re.match(r"I (\w+)( .*)?$", words)
    if first_person:
        verb = first_person.group(1).lower()
        verb = {"have": "has", "am": "is"}.get(verb, verb if verb.endswith("s") else verb + "s")
        return verb + (first_person.group(2) or "")
    if len(words) > 1 and words[0].isupper() and not words[1].isupper():
        return words[0].lower() + words[1:]
    return words


def _survey_region(response) -> str:
    """The region the person chose in any question of the survey, if one of their answers is a region."""
    for value in (response.answers or {}).values():
        if isinstance(value, str) and len(value) < 60 and (code := region_code(value)) and code != "uk_wide":
            return region_name(code)
    return ""


@dataclass(frozen=True)
class AttributionParts:
    who: str
    group: str
    region: str

    def text(self, *, with_group: bool = True, with_region: bool = True) -> str:
        parts = [self.who, self.group if with_group else "", self.region if with_region else ""]
        return ", ".join(part for part in parts if part)[:ATTRIBUTION_MAX_LENGTH]


def attribution_parts(source: Source) -> AttributionParts:
    """The generic attribution's parts for a source's words: who, their group and region; never a name."""
    if source.kind == Source.Kind.SURVEY_ANSWER:
        region = _survey_region(source.survey_response) if source.survey_response else ""
        return AttributionParts("Lab participant", _lowered(source.group), region)
    item = _item_of(source)
    if item is None:
        return AttributionParts("Lab participant", _lowered(source.group), "")
    region = region_name(item.region) if item.region and item.region != "uk_wide" else ""
    if item.origin != EvidenceItem.Origin.SUBMISSION:
        # Published material: the publication, as it is cited (title and year, not its authors).
        cited = f"{item.title} ({item.year})" if item.year else item.title
        return AttributionParts(f"{item.get_kind_display()}: {cited}", "", "")
    group = source.group or {
        EvidenceItem.Kind.STORY: "lived experience",
        EvidenceItem.Kind.PRACTICE: "practice example",
    }.get(item.kind, "")
    return AttributionParts("Lab participant", _lowered(group), region)


# Creating


def _source_for_update(excerpt: Excerpt) -> Source:
    return (
        Source.objects.select_related("survey_response", "evidence_item", "attachment__item")
        .select_for_update(of=("self",))
        .get(pk=excerpt.source_id)
    )


def create_quote(excerpt: Excerpt, *, by, with_group: bool = True, with_region: bool = True) -> Quote:
    """A raw quote of the excerpt's words, where its author consented; raises QuoteError otherwise."""
    with transaction.atomic():
        source = _source_for_update(excerpt)
        refusal = quote_refusal(source)
        if refusal:
            raise QuoteError(refusal)
        attribution = attribution_parts(source).text(with_group=with_group, with_region=with_region)
        return Quote.objects.create(
            lab_id=source.lab_id,
            excerpt=excerpt,
            source=source,
            text=excerpt.text,
            attribution=attribution,
            created_by=by,
        )


# Redacting, approving, publishing


def _locked(quote: Quote, allowed: Sequence[str], doing: str) -> Quote:
    locked = Quote.objects.select_for_update().filter(pk=quote.pk).first()
    if locked is None:
        raise QuoteError("That quote has been removed.")
    if locked.status not in allowed:
        raise QuoteError(f"This quote is {locked.get_status_display().lower()} now, so it cannot be {doing}.")
    return locked


def suggestions_for(quote: Quote) -> tuple[Suggestion, ...]:
    return suggest_redactions(quote.text)


def text_fingerprint(text: str) -> str:
    """A short fingerprint of a quote's words, so a form can tell whether they changed since it was shown."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def redact_quote(quote: Quote, *, spans: Sequence[Suggestion], by, seen: str | None = None) -> Quote:
    """Replace the chosen spans of the quote's words and mark it redacted by this person.

    `spans` are the suggestions the team accepted and any words it added, in order and not
    overlapping (`quote_redaction.combine`); none at all means the words need no change. Each is
    logged with its kind and replacement only. `seen` is the `text_fingerprint` of the words the form
    showed: if they have changed since, nothing is saved. Redacting an approved quote takes its approval away.
    """
    with transaction.atomic():
        locked = _locked(quote, (Quote.Status.RAW, Quote.Status.REDACTED, Quote.Status.APPROVED), "redacted")
        if seen is not None and seen != text_fingerprint(locked.text):
            raise QuoteError("Someone changed this quote while you had it open. Check the suggestions again.")
        try:
            locked.text = apply_redactions(locked.text, spans)
        except ValueError as error:
            raise QuoteError("Those parts of the text could not be removed. Choose them again.") from error
        now = timezone.now()
        QuoteRedaction.objects.bulk_create(
            QuoteRedaction(quote=locked, kind=span.kind, replacement=span.replacement, by=by) for span in spans
        )
        locked.status = Quote.Status.REDACTED
        locked.redacted_by = by
        locked.redacted_at = now
        locked.approved_by = None
        locked.approved_at = None
        locked.save(update_fields=["text", "status", "redacted_by", "redacted_at", "approved_by", "approved_at"])
    return locked


def approval_refusal(quote: Quote, user) -> str | None:
    """Why this person may not approve the quote now, or None."""
    if quote.status != Quote.Status.REDACTED:
        return (
            f"This quote is {quote.get_status_display().lower()}: only a quote whose redactions are done, "
            "and not yet approved, can be approved."
        )
    if user.pk == quote.redacted_by_id or quote.redactions.filter(by=user).exists():
        return (
            "You redacted this quote, so another member of the lab team approves it: two people read the words "
            "before anyone else can."
        )
    return quote_refusal(quote.source)


def approve_quote(quote: Quote, *, by) -> Quote:
    """A second lab-team member approves the redacted words for publication."""
    with transaction.atomic():
        locked = _locked(quote, (Quote.Status.REDACTED,), "approved")
        refusal = approval_refusal(locked, by)
        if refusal:
            raise QuoteError(refusal)
        locked.status = Quote.Status.APPROVED
        locked.approved_by = by
        locked.approved_at = timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
    return locked


def publish_quote(quote: Quote) -> Quote:
    """An approved quote may be shown in published insights; consent is checked again first."""
    with transaction.atomic():
        locked = _locked(quote, (Quote.Status.APPROVED,), "published")
        refusal = quote_refusal(locked.source)
        if refusal:
            raise QuoteError(refusal)
        locked.status = Quote.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
    return locked


def unpublish_quote(quote: Quote) -> Quote:
    """Back to approved: no page shows it until it is published again."""
    with transaction.atomic():
        locked = _locked(quote, (Quote.Status.PUBLISHED,), "unpublished")
        locked.status = Quote.Status.APPROVED
        locked.published_at = None
        locked.save(update_fields=["status", "published_at"])
    return locked


def remove_quote(quote: Quote) -> None:
    """The lab team deletes a quote it no longer wants (a withdrawn one stays as the record of withdrawal)."""
    with transaction.atomic():
        locked = _locked(
            quote,
            (Quote.Status.RAW, Quote.Status.REDACTED, Quote.Status.APPROVED, Quote.Status.PUBLISHED),
            "removed",
        )
        locked.delete()


# Withdrawing


def _through_source(**lookups) -> Q:
    """Quotes whose source matches, through the quote's own link or its excerpt's (older quotes)."""
    found = Q(pk__in=[])
    for path in ("source", "excerpt__source"):
        found |= Q(**{f"{path}__{lookup}": value for lookup, value in lookups.items()})
    return found


def quotes_from(*, survey_response=None, evidence_item=None, user=None) -> Q:
    """Which quotes are of these words: a survey response's, an evidence item's (its text and attachments),
    or a person's (the responses they linked to their account, and what they submitted)."""
    wanted = Q(pk__in=[])
    if survey_response is not None:
        wanted |= _through_source(survey_response=survey_response)
    if evidence_item is not None:
        wanted |= _through_source(evidence_item=evidence_item) | _through_source(attachment__item=evidence_item)
    if user is not None:
        submitted = EvidenceItem.objects.filter(submitted_by=user, origin=EvidenceItem.Origin.SUBMISSION)
        wanted |= (
            _through_source(survey_response__user=user)
            | _through_source(evidence_item__in=submitted)
            | _through_source(attachment__item__in=submitted)
        )
    return wanted


def withdraw_quotes(*, survey_response=None, evidence_item=None, user=None, reason: str) -> int:
    """Withdraw every quote from a survey response, an evidence item (its text and attachments) or a
    person (the responses they linked to their account and what they submitted), at once.

    Each becomes `withdrawn`, with its words blanked and its links to the source and excerpt cut, so
    no page shows it again, published insights included, and it outlives the source being deleted
    as the record the team's page lists ("withdrawn, and why"). Returns how many were withdrawn.
    Call it inside the transaction that withdraws the consent or deletes the record, before deleting.
    """
    if survey_response is None and evidence_item is None and user is None:
        raise ValueError("Say whose quotes to withdraw.")
    wanted = quotes_from(survey_response=survey_response, evidence_item=evidence_item, user=user)
    with transaction.atomic():
        ids = list(Quote.objects.live().filter(wanted).values_list("pk", flat=True))
        if not ids:
            return 0
        return Quote.objects.filter(pk__in=ids).update(
            status=Quote.Status.WITHDRAWN,
            text="",
            excerpt=None,
            source=None,
            withdrawn_at=timezone.now(),
            withdrawn_reason=reason[:WITHDRAWN_REASON_MAX_LENGTH],
        )
