"""Writes for examples of practice and stories that participants send to a lab's evidence library.

A submission is an `EvidenceItem` with `origin=submission` that waits for the lab team's review. Its
words go through the one check of a person's words (`carelab.safeguarding.checks`): urgent risk puts
it in the safeguarding review queue at once, and what the check found is kept (pattern names, never
the words) so the team sees it in their review. Each consent is recorded with the words the person
was shown and their version, like survey consents. E-mails go through tasks queued on commit, with
the item's id only (decision 0015).
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carelab.evidence import tasks
from carelab.evidence.models import EvidenceItem
from carelab.insights.actions_quotes import SUBMISSION_CONSENT_WITHDRAWN, SUBMISSION_DELETED, withdraw_quotes
from carelab.safeguarding.actions import FlagSource
from carelab.safeguarding.checks import WordsCheck, check_words, flag_if_urgent
from carelab.safeguarding.models import SafeguardingFlag

SUBMISSION_CONSENT_VERSION = "evidence-submission-1"
"""Change this whenever a statement below changes: each submission records the version it was shown."""

SUBMISSION_CONSENTS = {
    "use": (
        "I agree that the lab team may add what I have written to the lab's evidence library and use it to "
        "understand people's experiences and improve care. The lab's participants may read it if the team shares "
        "it with them. It will only be reported in ways that do not identify me or anyone I mention."
    ),
    "quote": "The lab team may quote my words anonymously in what the lab publishes (optional).",
}

# The kinds of item a person may send; everything else is the lab team's to add.
SUBMITTABLE_KINDS = (EvidenceItem.Kind.PRACTICE, EvidenceItem.Kind.STORY)


class SubmissionRefused(Exception):
    """The change cannot be made. The message is written for the person who asked."""


@dataclass(frozen=True)
class Sent:
    item: EvidenceItem
    check: WordsCheck


def recorded_consents(names, now=None) -> dict:
    """The consents given, each with its wording, version and the time it was given."""
    given_at = (now or timezone.now()).isoformat()
    return {
        name: {"wording": SUBMISSION_CONSENTS[name], "version": SUBMISSION_CONSENT_VERSION, "given_at": given_at}
        for name in SUBMISSION_CONSENTS
        if name in names
    }


def submission_source(item: EvidenceItem) -> FlagSource:
    """Where the words were written, for the safeguarding queue: the kind and the team's review page,
    never the title or the words (a title is the person's own words too)."""
    return FlagSource(
        kind=SafeguardingFlag.Source.EVIDENCE_SUBMISSION,
        id=item.pk,
        title=f"{item.get_kind_display()} sent to the evidence library",
        url=reverse("evidence:review_submission", args=[item.lab.slug, item.pk]),
    )


def _words_check_record(check: WordsCheck) -> dict:
    return {
        "risk": check.risk.level,
        "risk_reasons": list(check.risk.reasons),
        "personal_data": list(check.personal_data),
    }


@transaction.atomic
def submit_evidence(
    *,
    lab,
    person,
    kind: str,
    title: str,
    text: str,
    region: str = "",
    organisation=None,
    organisation_name: str = "",
    consents=("use",),
) -> Sent:
    """Save an example of practice or a story, waiting for the lab team's review.

    The consent to use it is needed; the consent to quote is the person's choice. Urgent risk in the
    words raises a safeguarding flag in the same transaction; the lab team is e-mailed about the
    new submission once it is saved. A practice example may name an organisation from the lab's
    directory (`organisation`) or one that is not listed (`organisation_name`, kept as its source).
    """
    if kind not in SUBMITTABLE_KINDS:
        raise SubmissionRefused("Choose whether this is an example of practice or a story.")
    if "use" not in consents:
        raise SubmissionRefused("Tick the box to agree that the lab team may use what you wrote.")
    if organisation is not None and organisation.lab_id != lab.pk:
        raise SubmissionRefused("Choose an organisation from this lab's list.")
    practice = kind == EvidenceItem.Kind.PRACTICE
    organisation_name = " ".join(organisation_name.split()) if practice else ""
    check = check_words(lab, title, text, organisation_name)
    item = EvidenceItem(
        lab=lab,
        kind=kind,
        title=title,
        abstract=text,
        region=region,
        organisation=organisation if practice else None,
        source=organisation.name if practice and organisation is not None else organisation_name,
        origin=EvidenceItem.Origin.SUBMISSION,
        review=EvidenceItem.Review.WAITING,
        submitted_by=person,
        consents=recorded_consents(consents),
        words_check=_words_check_record(check),
    )
    item.search_text = item.text_for_search()
    item.save()
    flag_if_urgent(lab=lab, check=check, source=submission_source(item), person=person)
    item_id = item.pk
    transaction.on_commit(lambda: tasks.notify_team_of_submission.enqueue(item_id))
    return Sent(item=item, check=check)


def _locked(item: EvidenceItem) -> EvidenceItem:
    return EvidenceItem.objects.select_for_update().select_related("lab").get(pk=item.pk)


@transaction.atomic
def withdraw_quote_consent(*, item: EvidenceItem, person) -> EvidenceItem:
    """The person no longer lets the lab quote their words: recorded at once, with when.

    Any quote already taken from it is withdrawn too (the quotes' own action does it everywhere).
    """
    locked = _locked(item)
    if locked.submitted_by_id != person.pk:
        raise SubmissionRefused("Only the person who sent this can change their consent.")
    if not locked.has_consent("quote"):
        return locked  # withdrawn already, or never given: nothing to do
    consents = dict(locked.consents)
    consents["quote"] = {**consents["quote"], "withdrawn_at": timezone.now().isoformat()}
    locked.consents = consents
    locked.save(update_fields=["consents", "updated_at"])
    withdraw_quotes(evidence_item=locked, reason=SUBMISSION_CONSENT_WITHDRAWN)
    return locked


@transaction.atomic
def delete_submission(*, item: EvidenceItem, person) -> None:
    """The person takes back something they sent, while it still waits for the lab team."""
    locked = _locked(item)
    if locked.submitted_by_id != person.pk:
        raise SubmissionRefused("Only the person who sent this can delete it.")
    if locked.review != EvidenceItem.Review.WAITING:
        raise SubmissionRefused(
            "The lab team has already reviewed this, so it can no longer be deleted here. "
            "You can still withdraw your consent to quoting, or ask the lab team."
        )
    withdraw_quotes(evidence_item=locked, reason=SUBMISSION_DELETED)
    locked.delete()


def _decide(item: EvidenceItem, *, by, review: str, reason: str = "") -> EvidenceItem:
    locked = _locked(item)
    if not locked.is_submission or locked.review != EvidenceItem.Review.WAITING:
        raise SubmissionRefused(
            f"This is now “{locked.get_review_display()}”, so nothing was changed. Someone else may have dealt with it."
        )
    locked.review = review
    locked.review_reason = reason
    locked.reviewed_by = by
    locked.reviewed_at = timezone.now()
    fields = ["review", "review_reason", "reviewed_by", "reviewed_at", "updated_at"]
    if review == EvidenceItem.Review.ACCEPTED:
        # The library's search index is built from search_text (MODELS.md, SEARCH contract).
        locked.search_text = locked.text_for_search([a.extracted_text for a in locked.attachments.all()])
        fields.append("search_text")
    locked.save(update_fields=fields)
    item_id = locked.pk
    transaction.on_commit(lambda: tasks.send_review_decision.enqueue(item_id))
    return locked


@transaction.atomic
def accept_submission(*, item: EvidenceItem, by) -> EvidenceItem:
    """Add a waiting submission to the lab's library, and tell the person."""
    return _decide(item, by=by, review=EvidenceItem.Review.ACCEPTED)


@transaction.atomic
def decline_submission(*, item: EvidenceItem, by, reason: str) -> EvidenceItem:
    """Leave a waiting submission out of the library, and e-mail the person the team's reason."""
    reason = reason.strip()
    if not reason:
        raise SubmissionRefused("Say why, in a few words: the person will be e-mailed your reason.")
    return _decide(item, by=by, review=EvidenceItem.Review.DECLINED, reason=reason)
