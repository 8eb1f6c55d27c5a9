"""Writes after a response is sent: the person deletes it or withdraws a consent; the lab team removes it.

Each runs in one transaction and locks the response's row first, as submitting does, then
changes the tallies in the same key order, so a deletion racing a submission, another deletion
or a withdrawal cannot deadlock or count twice. A response already gone is reported as such
(`None` or `False`), never as an error: two tabs, or the person and the lab team at once.

What is deleted: the response with its answers and scores, its `Answer` rows (cascade), its
contact details (cascade), and its counts in the results tallies; quotes of its words are withdrawn
first, everywhere (`insights.actions_quotes.withdraw_quotes`). What stays: an audit entry
(`ResponseAudit`: reference, what happened, when, the lab-team member and their reason, never the
answers), and any safeguarding flag on it, which keeps the reference and what raised it
(docs/decisions/0016-deleting-survey-responses.md).
"""

from django.db import transaction
from django.utils import timezone

from carelab.insights import actions_quotes
from carelab.surveys import tallies
from carelab.surveys.answer_rows import result_items, tally_plan
from carelab.surveys.models import ContactDetail, ResponseAudit, SurveyResponse

# The consents a person can withdraw after sending their answers, and what withdrawing does.
WITHDRAWABLE = ("health_data", "quote", "contact")
# Why the response's quotes were withdrawn, as the lab team's quotes page says it.
QUOTES_WITHDRAWN_BECAUSE = {
    ResponseAudit.Action.DELETED: actions_quotes.RESPONSE_DELETED,
    ResponseAudit.Action.REMOVED_BY_TEAM: actions_quotes.RESPONSE_REMOVED_BY_TEAM,
    ResponseAudit.Action.HEALTH_DATA_WITHDRAWN: actions_quotes.HEALTH_DATA_WITHDRAWN,
}


class ConsentNotHeld(Exception):
    """The person did not give this consent, or has withdrawn it already."""


def _locked(response: SurveyResponse) -> SurveyResponse | None:
    return (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("survey", "version")
        .filter(pk=response.pk, status=SurveyResponse.Status.SUBMITTED)
        .first()
    )


def _delete(response: SurveyResponse, action: str, *, actor=None, reason: str = "", consent_version: str = ""):
    with transaction.atomic():
        locked = _locked(response)
        if locked is None:
            return None
        rows = list(locked.answer_rows.only("question", "choice", "number").order_by())
        # The plan this response's submission counted with: its own version's questions.
        tallies.subtract_response(locked, rows, tally_plan(result_items(locked.version.parsed())))
        audit = ResponseAudit.objects.create(
            survey_id=locked.survey_id,
            reference=locked.reference,
            action=action,
            actor=actor,
            reason=reason,
            consent_version=consent_version,
        )
        # Quotes of its words are withdrawn everywhere first, so the record of them outlives the response.
        actions_quotes.withdraw_quotes(survey_response=locked, reason=QUOTES_WITHDRAWN_BECAUSE[action])
        # Answer rows and contact details go with it (CASCADE); a safeguarding flag stays, unlinked.
        locked.delete()
    return audit


def delete_survey_response(response: SurveyResponse) -> ResponseAudit | None:
    """The person deletes their sent answers at once. Returns the audit entry, or None if already gone."""
    return _delete(response, ResponseAudit.Action.DELETED)


def remove_response_by_team(response: SurveyResponse, *, actor, reason: str) -> ResponseAudit | None:
    """A lab-team member removes one response, with a reason kept in the audit trail (never the answers)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to remove a response.")
    return _delete(response, ResponseAudit.Action.REMOVED_BY_TEAM, actor=actor, reason=reason)


def withdraw_survey_consent(response: SurveyResponse, consent: str, now=None) -> ResponseAudit | None:
    """Withdraw one consent from a sent response, taking effect at once, recorded with its time.

    - health_data: the answers may no longer be used, so the response is deleted;
    - quote: the response stays, no longer quotable (the reader and exports say so at once), and every
      quote of its words is withdrawn everywhere (`insights.actions_quotes.withdraw_quotes`);
    - contact: the contact details are deleted, and the consent recorded withdrawn.
    Returns the audit entry, None if the response has gone; raises ConsentNotHeld if the
    person did not give it or has withdrawn it already.
    """
    if consent not in WITHDRAWABLE:
        raise ValueError(f"Not a consent that can be withdrawn: {consent!r}")
    now = now or timezone.now()
    if consent == "health_data":
        given = response.consents.get("health_data")
        version = given.get("version", "") if isinstance(given, dict) else ""
        return _delete(response, ResponseAudit.Action.HEALTH_DATA_WITHDRAWN, consent_version=version)
    with transaction.atomic():
        locked = _locked(response)
        if locked is None:
            return None
        if not locked.has_consent(consent):
            raise ConsentNotHeld(consent)
        given = locked.consents[consent] if isinstance(locked.consents[consent], dict) else {}
        locked.consents = {**locked.consents, consent: {**given, "withdrawn_at": now.isoformat()}}
        locked.save(update_fields=["consents", "updated_at"])
        if consent == "contact":
            ContactDetail.objects.filter(response=locked).delete()
        if consent == "quote":
            actions_quotes.withdraw_quotes(survey_response=locked, reason=actions_quotes.CONSENT_WITHDRAWN)
        action = ResponseAudit.Action.QUOTE_WITHDRAWN if consent == "quote" else ResponseAudit.Action.CONTACT_WITHDRAWN
        audit = ResponseAudit.objects.create(
            survey_id=locked.survey_id,
            reference=locked.reference,
            action=action,
            consent_version=given.get("version", ""),
            created_at=now,
        )
    response.consents = locked.consents
    return audit
