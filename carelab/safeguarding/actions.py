"""Writes to the safeguarding review queue. Software flags and records; people decide.

Every change locks the flag's row, checks it is still in a state the change applies to (so a
form left open in another tab cannot close a flag twice), and records who did what in the
flag's audit trail. Notes are events: they are added, never edited or deleted.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction

from carelab.safeguarding import tasks
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag, SafeguardingGuidance
from carelab.safeguarding.presenters import actor_name, format_when

# Set while made-up records are loaded (the demo): their flags go in the queue, but nobody is e-mailed.
_team_not_emailed: ContextVar[bool] = ContextVar("safeguarding_team_not_emailed", default=False)


@contextmanager
def without_emailing_the_team() -> Iterator[None]:
    """Flags raised inside reach the review queue as usual, but the lab team is not e-mailed about them.

    Only for records that are not people's words: `manage.py loaddemo` raises dozens of flags from
    made-up survey answers, for a team of made-up people.
    """
    token = _team_not_emailed.set(True)
    try:
        yield
    finally:
        _team_not_emailed.reset(token)


def _notify_team_unless_closed(flag_id: int) -> None:
    """Queue the lab team's e-mail, unless the flag was closed in the same transaction that raised it."""
    if SafeguardingFlag.objects.filter(pk=flag_id).exclude(status=SafeguardingFlag.Status.CLOSED).exists():
        tasks.notify_team_of_new_flag.enqueue(flag_id)


class FlagActionRefused(Exception):
    """The change cannot be made. The message is written for the person who asked."""


@dataclass(frozen=True)
class FlagSource:
    """Where a person's words were written: a kind (SafeguardingFlag.Source), the record's id, a short
    title saying where ("Comment on “Launch post”"; never the words) and the lab team's page for it."""

    kind: str
    id: int
    title: str = ""
    url: str = ""


@transaction.atomic
def raise_flag(
    *,
    lab,
    survey_response=None,
    source: FlagSource | None = None,
    person=None,
    reasons,
    details=None,
    actor=None,
    written_again: bool = False,
) -> SafeguardingFlag:
    """Put a survey response, or any other record of a person's words, in the lab team's review queue, once.

    A source has at most one flag: raising it again adds any new reasons and details to the
    same flag (with an "updated" event) instead of making another. New reasons reopen a closed
    flag, so nobody misses them. `details` name an instrument, a pattern or a configured phrase,
    never what the person wrote. Only a new flag e-mails the lab team, once the transaction has
    committed, and only if it is not closed by then (nor raised `without_emailing_the_team`).
    `person` is who wrote the words, when they were signed in. `written_again` says the person has
    sent the record's words anew (an application sent again, a new registration for the same
    event): a closed flag then reopens even for the same reasons, since these are new words.
    """
    details = details or {}
    if survey_response is not None and source is None:
        source = FlagSource(SafeguardingFlag.Source.SURVEY_RESPONSE, survey_response.pk, survey_response.survey.title)
        person = person or survey_response.user
    flag = None
    if source is not None:
        flag = SafeguardingFlag.objects.select_for_update().filter(source_kind=source.kind, source_id=source.id).first()
    if flag is None:
        flag = SafeguardingFlag.objects.create(
            lab=lab,
            survey_response=survey_response,
            survey_id=survey_response.survey_id if survey_response is not None else None,
            response_reference=survey_response.reference if survey_response is not None else "",
            source_kind=source.kind if source is not None else SafeguardingFlag.Source.SURVEY_RESPONSE,
            source_id=source.id if source is not None else None,
            source_title=source.title[:200] if source is not None else "",
            source_url=source.url if source is not None else "",
            person=person if person is not None and person.is_authenticated else None,
            reasons=list(dict.fromkeys(reasons)),
            details=details,
        )
        FlagEvent.objects.create(flag=flag, actor=actor, action=FlagEvent.Action.RAISED, note=", ".join(flag.reasons))
        flag_id = flag.pk
        if not _team_not_emailed.get():
            transaction.on_commit(lambda: _notify_team_unless_closed(flag_id))
        return flag
    new_reasons = [reason for reason in reasons if reason not in flag.reasons]
    merged_details = _merge(flag.details, details)
    reopen = flag.status == SafeguardingFlag.Status.CLOSED and (bool(new_reasons) or written_again)
    if not new_reasons and merged_details == flag.details and not reopen:
        return flag
    flag.reasons = [*flag.reasons, *new_reasons]
    flag.details = merged_details
    fields = ["reasons", "details", "updated_at"]
    action = FlagEvent.Action.UPDATED
    if reopen:
        flag.status = SafeguardingFlag.Status.NEW
        fields.append("status")
        action = FlagEvent.Action.REOPENED_AUTOMATICALLY
    flag.save(update_fields=fields)
    noted = new_reasons if new_reasons or not reopen else reasons
    FlagEvent.objects.create(flag=flag, actor=actor, action=action, note=", ".join(noted))
    return flag


def _merge(old, new):
    """Details combined: lists gain the new items, dicts merge key by key."""
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for key, value in new.items():
            merged[key] = _merge(old[key], value) if key in old else value
        return merged
    if isinstance(old, list) and isinstance(new, list):
        return [*old, *(item for item in new if item not in old)]
    return new


# The lab team's review


def _locked(flag: SafeguardingFlag) -> SafeguardingFlag:
    return SafeguardingFlag.objects.select_for_update().get(pk=flag.pk)


def _by_whom_and_when(flag: SafeguardingFlag, *actions: str) -> str:
    """' by Tam Team on 3 October 2026 at 2:05pm', from the newest of these events, for refusals."""
    event = flag.events.filter(action__in=actions).select_related("actor").order_by("-created_at", "-pk").first()
    if event is None:
        return ""
    return f" by {actor_name(event.actor, event.action)} on {format_when(event.created_at)}"


def _record(flag: SafeguardingFlag, by, action: str, note: str = "", status: str | None = None) -> FlagEvent:
    """Change the status (if asked), mark the flag changed, and add the event, all under the caller's lock."""
    fields = ["updated_at"]
    if status is not None:
        flag.status = status
        fields.append("status")
    flag.save(update_fields=fields)
    return FlagEvent.objects.create(flag=flag, actor=by, action=action, note=note)


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise FlagActionRefused(message)
    return text


@transaction.atomic
def start_review(*, flag: SafeguardingFlag, by) -> SafeguardingFlag:
    """Say someone is looking at a new flag, so others on the team know."""
    flag = _locked(flag)
    if flag.status == SafeguardingFlag.Status.IN_REVIEW:
        started = _by_whom_and_when(flag, FlagEvent.Action.REVIEW_STARTED, FlagEvent.Action.REOPENED)
        raise FlagActionRefused(
            f"Someone is already reviewing this flag (review started{started}), so nothing was changed."
        )
    if flag.status == SafeguardingFlag.Status.CLOSED:
        closed = _by_whom_and_when(flag, FlagEvent.Action.CLOSED)
        raise FlagActionRefused(
            f"This flag was closed{closed}, so nothing was changed. Reopen it if it needs more review."
        )
    _record(flag, by, FlagEvent.Action.REVIEW_STARTED, status=SafeguardingFlag.Status.IN_REVIEW)
    return flag


@transaction.atomic
def add_note(*, flag: SafeguardingFlag, by, note: str) -> FlagEvent:
    """Add a note to the flag's history. Notes cannot be changed or deleted afterwards."""
    note = _required(note, "Enter a note")
    flag = _locked(flag)
    return _record(flag, by, FlagEvent.Action.NOTE_ADDED, note)


@transaction.atomic
def close_flag(*, flag: SafeguardingFlag, by, outcome: str) -> SafeguardingFlag:
    """Close a flag with what was decided and done. Closing a closed flag changes nothing."""
    outcome = _required(outcome, "Enter the outcome: what was decided and done")
    flag = _locked(flag)
    if flag.status == SafeguardingFlag.Status.CLOSED:
        closed = _by_whom_and_when(flag, FlagEvent.Action.CLOSED)
        raise FlagActionRefused(f"This flag was already closed{closed}, so it was not closed again.")
    _record(flag, by, FlagEvent.Action.CLOSED, outcome, status=SafeguardingFlag.Status.CLOSED)
    return flag


@transaction.atomic
def reopen_flag(*, flag: SafeguardingFlag, by, reason: str) -> SafeguardingFlag:
    """Open a closed flag again for more review, saying why."""
    reason = _required(reason, "Enter why you are reopening this flag")
    flag = _locked(flag)
    if flag.status != SafeguardingFlag.Status.CLOSED:
        raise FlagActionRefused(
            f"This flag is already open (now “{flag.get_status_display()}”), so it was not reopened."
        )
    _record(flag, by, FlagEvent.Action.REOPENED, reason, status=SafeguardingFlag.Status.IN_REVIEW)
    return flag


@transaction.atomic
def save_guidance(*, lab, by, body: str) -> SafeguardingGuidance:
    """Write the lab's safeguarding guidance, shown beside every flag. Empty text removes it from the pages."""
    guidance, _ = SafeguardingGuidance.objects.select_for_update().get_or_create(lab=lab)
    guidance.body = body.strip()
    guidance.updated_by = by
    guidance.save(update_fields=["body", "updated_by", "updated_at"])
    return guidance
