"""Writes about a person's account that touch several models."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone

from carelab.accounts import erasure
from carelab.comments.models import Comment, ModerationEvent
from carelab.events.actions import release_places_of
from carelab.evidence.models import EvidenceItem
from carelab.ideas.models import Idea
from carelab.insights.actions_quotes import ACCOUNT_DELETED, withdraw_quotes
from carelab.insights.models import Memo
from carelab.surveys.models import ContactDetail, SurveyResponse

# Session engines whose sessions live in django_session, where we can find and remove them.
_DATABASE_SESSION_ENGINES = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


def delete_account(user) -> None:
    """Delete a person's account and the personal data it holds, in one transaction.

    What happens, and why, is recorded in docs/decisions/0003-account-deletion-and-comments.md,
    and each app's personal_data module says it to the person in the same words ("Your data",
    docs/decisions/0010-your-data.md); the tests in carelab/accounts/tests check that both agree:
    - their comments become tombstones: the text, author and moderation notes go, the row
      stays so that other people's replies keep their place; each gets an audit event;
    - reports they made keep only the reason (the database sets the reporter to null);
    - posts they wrote stay, without an author (the database sets it to null);
    - memberships, comments policy agreements, email addresses and two-factor
      authenticators are deleted with the account (their foreign keys cascade);
    - applications to become a lab participant (with their answers, consents and history)
      and profile cards (with the history of the lab team's checks of them) are deleted with the
      account (cascade); decisions they made as a lab-team member on other people's applications
      and cards stay, without their name (SET_NULL);
    - their places at events still to come go to the people waiting; their registrations are
      deleted with the account (cascade);
    - survey answers they linked to their account: unfinished ones are deleted; sent ones stay in
      the lab's results, unlinked (SET_NULL), and the e-mail address given with them to be
      contacted is deleted; safeguarding flags on them stay, without a link to the person;
    - what they did for a lab team (audit-trail entries, decisions, survey versions, exports,
      events set up) stays, without their name (SET_NULL);
    - coding (issue 10): invitations to code go with the account (cascade); their codings stay in the
      lab's analysis without their name (SET_NULL); the memos they wrote are deleted, being their own words;
    - evidence (issue 10): the examples and stories they sent in are deleted, being their own words; items and
      files they added to a library as a lab-team member stay without their name (SET_NULL);
    - quotes (issue 10): every quote of their words (from survey answers they linked, or what they sent in) is
      withdrawn at once, its words blanked, before those records are unlinked or deleted; quotes they made,
      redacted or approved for a lab team stay without their name (SET_NULL);
    - ideas (issue 11): the ideas they proposed are deleted, being their own words, with their supporters,
      stage history and the comments under them; their support for other ideas goes with the account
      (cascade); stage moves they made for a lab team stay without their name (SET_NULL), and a test
      team's change idea drawn from one of their ideas keeps the team's own words (SET_NULL);
    - their signed-in sessions on other devices are removed;
    - e-mails still queued to them are cancelled; their names, e-mail addresses and phone numbers
      are removed from text that stays (other people's notes, reasons and messages, admin log
      entries), and their sent survey answers' free text is redacted (carelab/accounts/erasure.py,
      docs/decisions/0015-tasks-hold-no-personal-data.md).
    The caller signs the person out of the current session.
    """
    with transaction.atomic():
        # Gathered first: the records they come from are deleted or unlinked below.
        identifiers = erasure.gather_identifiers(user)
        about = erasure.records_about(user)
        erasure.cancel_queued_emails_to(user)
        erasure.redact_sent_survey_answers(user, identifiers)
        erasure.redact_coding_sources(user, identifiers)
        # Their ideas are their own words: they go, with the comments under them (cascade), before
        # their own comments are made tombstones, so none is left pointing at a deleted idea.
        Idea.objects.filter(author=user).delete()
        comment_ids = list(Comment.objects.filter(author=user).values_list("pk", flat=True))
        Comment.objects.filter(pk__in=comment_ids).update(
            body="",
            status=Comment.Status.DELETED,
            author=None,
            # Derived from the erased text, or written to its author: no longer needed.
            risk_level="",
            risk_reasons=[],
            hold_reasons=[],
            decision_reason="",
        )
        now = timezone.now()
        ModerationEvent.objects.bulk_create(
            ModerationEvent(comment_id=pk, actor=None, action=ModerationEvent.Action.AUTHOR_DELETED, created_at=now)
            for pk in comment_ids
        )
        # Their places at events to come go to the people waiting, before the registrations go.
        release_places_of(user)
        # Linked survey answers: unfinished ones go (with any contact address); sent ones stay in the
        # lab's results, unlinked by SET_NULL, without the address given to be contacted.
        SurveyResponse.objects.drafts().filter(user=user).delete()
        ContactDetail.objects.filter(response__user=user).delete()
        # Memos are the coder's own words: they go. Their codings stay without them (SET_NULL).
        Memo.objects.filter(author=user).delete()
        # Quotes of their words (linked survey answers, what they sent in) are withdrawn everywhere at once,
        # before the records they came from are unlinked or deleted.
        withdraw_quotes(user=user, reason=ACCOUNT_DELETED)
        # Examples and stories they sent in are their own words: they go, with anything coded from them.
        submitted = EvidenceItem.objects.filter(submitted_by=user, origin=EvidenceItem.Origin.SUBMISSION)
        submitted.delete()
        _delete_sessions_of(user)
        user.delete()
        erasure.scrub_text_about(identifiers, about)


def _delete_sessions_of(user) -> None:
    """Remove the person's other sessions. Account deletion is rare, so a scan of live sessions is fine."""
    if settings.SESSION_ENGINE not in _DATABASE_SESSION_ENGINES:
        return
    from django.contrib.sessions.models import Session

    user_key = str(user.pk)
    stale = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_key
    ]
    # Through the session engine, so a copy kept in the cache (`cached_db`) goes too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in stale:
        store(session_key=session_key).delete(session_key)
