"""Writes to comments: each one changes the comment, records a ModerationEvent and, where a
person should hear about it, e-mails them through a background task once the change is saved."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carelab.comments import tasks
from carelab.comments.models import (
    Comment,
    CommentPolicy,
    ModerationEvent,
    PolicyAcceptance,
    Report,
    closed_reason,
    on_subject,
)
from carelab.ideas.models import Idea
from carelab.labs.access import is_lab_team, join_lab
from carelab.labs.models import Lab
from carelab.posts.models import Post
from carelab.safeguarding.actions import FlagSource
from carelab.safeguarding.checks import WordsCheck, check_words, flag_if_urgent
from carelab.safeguarding.models import SafeguardingFlag


class CommentActionRefused(Exception):
    """The action cannot be done. The message is written for the person who asked."""


# Policy


@transaction.atomic
def publish_policy(*, lab: Lab, author, body: str, summary_of_changes: str = "") -> CommentPolicy:
    """A new version of the lab's comments policy. Everyone accepts it again before their next comment."""
    # Lock the lab row so two people publishing at once get versions N and N+1, not a clash.
    Lab.objects.select_for_update().filter(pk=lab.pk).first()
    return CommentPolicy.objects.create(
        lab=lab,
        version=CommentPolicy.objects.next_version_for(lab),
        body=body,
        summary_of_changes=summary_of_changes,
        created_by=author,
    )


@transaction.atomic
def accept_policy(*, user, policy: CommentPolicy) -> PolicyAcceptance:
    """Record that the person agreed to this version, and make them a member of its lab."""
    acceptance, _ = PolicyAcceptance.objects.get_or_create(user=user, policy=policy)
    join_lab(user, policy.lab)
    return acceptance


# Writing a comment


def is_trusted_commenter(user, lab: Lab) -> bool:
    """Trusted people skip pre-moderation (never the risk and personal-data checks, which hold anyone's words)."""
    if is_lab_team(user, lab):
        return True
    needed = lab.trusted_after_approved
    if not needed:
        return False
    return Comment.objects.for_lab(lab).approved().filter(author=user).count() >= needed


def hold_reasons_for(user, lab: Lab, body: str) -> tuple[list[str], WordsCheck]:
    """Why a new comment must wait for the lab team, and what the check of its words found.

    Any sign of risk ("possible" or "urgent") or personal data holds it, whoever wrote it: being
    trusted only skips pre-moderation.
    """
    check = check_words(lab, body)
    reasons = []
    if lab.premoderate_comments and not is_trusted_commenter(user, lab):
        reasons.append(Comment.HoldReason.PREMODERATION)
    if check.has_risk:
        reasons.append(Comment.HoldReason.RISK)
    if check.has_personal_data:
        reasons.append(Comment.HoldReason.PERSONAL_DATA)
    return [str(reason) for reason in reasons], check


def comment_source(comment: Comment) -> FlagSource:
    """Where a comment's words were written, for the safeguarding queue: its post (or the idea's
    number: an idea's title is a person's own words) and the lab team's page for the comment (its
    history, where it can be approved or kept back), never the comment's words."""
    subject = comment.subject
    where = "Reply to a comment on" if comment.parent_id else "Comment on"
    on = f"idea {subject.pk}" if comment.idea_id else f"“{subject.title}”"
    return FlagSource(
        kind=SafeguardingFlag.Source.COMMENT,
        id=comment.pk,
        title=f"{where} {on}",
        url=reverse("comments:history", args=[subject.lab.slug, comment.pk]),
    )


def _lock_author(author) -> None:
    """Serialise one person's submissions so the hourly limit holds across processes."""
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()


def _resolve_parent(subject: Post | Idea, parent_id: int | None) -> Comment | None:
    """The top-level comment a reply belongs to. A reply to a reply joins the same thread."""
    if parent_id is None:
        return None
    parent = Comment.objects.filter(on_subject(subject), pk=parent_id).select_related("parent").first()
    if parent is None or parent.status != Comment.Status.APPROVED:
        kind = "idea" if isinstance(subject, Idea) else "post"
        raise CommentActionRefused(f"You can only reply to a published comment on this {kind}.")
    return parent.parent or parent


@transaction.atomic
def submit_comment(
    *,
    author,
    post: Post | None = None,
    idea: Idea | None = None,
    body: str,
    parent_id: int | None = None,
    accepting: CommentPolicy | None = None,
) -> Comment:
    """Save a new comment or reply on a post or an idea, published at once or held for the lab team.

    Words suggesting the writer may be at risk hold it (the view shows them where to get help at
    once); urgent risk also puts it in the safeguarding review queue, in the same transaction.
    `accepting` is the policy version the person ticked to agree to with this comment.
    Refuses (and saves nothing, not even the acceptance) when comments are closed, the
    current policy is not accepted, or the person is over the hourly limit.
    """
    if (post is None) == (idea is None):
        raise ValueError("A comment is on a post or on an idea.")
    subject = post or idea
    lab = subject.lab
    if reason := closed_reason(subject):
        raise CommentActionRefused(reason)
    policy = CommentPolicy.objects.current_for(lab)
    if policy is None:
        raise CommentActionRefused("Comments are closed until the lab team publishes a comments policy.")
    if accepting is not None and accepting.pk == policy.pk:
        accept_policy(user=author, policy=policy)
    elif not PolicyAcceptance.objects.has_accepted(author, policy):
        raise CommentActionRefused(f"Please agree to the comments policy (version {policy.version}) to comment.")

    _lock_author(author)
    limit = settings.CARELAB_COMMENT_RATE_LIMIT
    if Comment.objects.written_since(author, timezone.now() - timedelta(hours=1)).count() >= limit:
        raise CommentActionRefused(
            f"You have posted {limit} comments in the last hour, which is the most we allow. "
            "Your comment has not been posted. Please copy it and try again later."
        )

    parent = _resolve_parent(subject, parent_id)
    reasons, check = hold_reasons_for(author, lab, body)
    comment = Comment.objects.create(
        post=post,
        idea=idea,
        parent=parent,
        author=author,
        body=body,
        status=Comment.Status.PENDING if reasons else Comment.Status.APPROVED,
        hold_reasons=reasons,
        risk_level=check.risk.level if check.has_risk else "",
        risk_reasons=list(check.risk.reasons),
    )
    ModerationEvent.objects.create(
        comment=comment,
        actor=author,
        action=ModerationEvent.Action.SUBMITTED if reasons else ModerationEvent.Action.PUBLISHED,
        reason=", ".join(str(Comment.HoldReason(reason).label) for reason in reasons),
    )
    flag_if_urgent(lab=lab, check=check, source=comment_source(comment), person=author)
    return comment


# Moderation


def _locked(comment: Comment, *allowed: str) -> Comment:
    """The comment, locked for this change, if it is still in a state the change applies to."""
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.status not in allowed:
        raise CommentActionRefused(
            f"This comment is now “{locked.get_status_display()}”, so nothing was changed. "
            "Someone else may have dealt with it."
        )
    return locked


def _decide(comment: Comment, moderator, status: str, action: str, reason: str = "") -> Comment:
    comment.status = status
    comment.decision_reason = reason
    comment.decided_at = timezone.now()
    comment.decided_by = moderator
    comment.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
    ModerationEvent.objects.create(comment=comment, actor=moderator, action=action, reason=reason)
    return comment


def _notify_author(comment: Comment, decision: str) -> None:
    if comment.author_id:
        transaction.on_commit(lambda: tasks.notify_author_of_decision.enqueue(comment.pk, decision))


@transaction.atomic
def approve_comment(*, comment: Comment, moderator) -> Comment:
    comment = _locked(comment, Comment.Status.PENDING)
    _decide(comment, moderator, Comment.Status.APPROVED, ModerationEvent.Action.APPROVED)
    _notify_author(comment, ModerationEvent.Action.APPROVED)
    return comment


@transaction.atomic
def reject_comment(*, comment: Comment, moderator, reason: str) -> Comment:
    """Not published. The author sees the reason under their comment and in an e-mail."""
    if not reason.strip():
        raise CommentActionRefused("Enter the reason. The author will see it.")
    comment = _locked(comment, Comment.Status.PENDING)
    _decide(comment, moderator, Comment.Status.REJECTED, ModerationEvent.Action.REJECTED, reason.strip())
    _notify_author(comment, ModerationEvent.Action.REJECTED)
    return comment


@transaction.atomic
def hide_comment(*, comment: Comment, moderator, reason: str) -> Comment:
    """Take a published comment down. Its replies stay; open reports on it are resolved."""
    if not reason.strip():
        raise CommentActionRefused("Enter the reason. The author will see it.")
    comment = _locked(comment, Comment.Status.APPROVED)
    _decide(comment, moderator, Comment.Status.HIDDEN, ModerationEvent.Action.HIDDEN, reason.strip())
    Report.objects.filter(comment=comment).open().update(
        resolved_at=timezone.now(), resolved_by=moderator, outcome="Comment hidden"
    )
    _notify_author(comment, ModerationEvent.Action.HIDDEN)
    return comment


@transaction.atomic
def restore_comment(*, comment: Comment, moderator, reason: str = "") -> Comment:
    """Publish again a comment that was hidden."""
    comment = _locked(comment, Comment.Status.HIDDEN)
    return _decide(comment, moderator, Comment.Status.APPROVED, ModerationEvent.Action.RESTORED, reason.strip())


# Reports


@transaction.atomic
def report_comment(*, comment: Comment, reporter, reason: str) -> Report:
    """Anyone signed in can ask the lab team to look at a published comment."""
    if comment.status != Comment.Status.APPROVED:
        raise CommentActionRefused("This comment is not published, so there is nothing to report.")
    if not reason.strip():
        raise CommentActionRefused("Tell us what is wrong with this comment.")
    report = Report.objects.create(comment=comment, reporter=reporter, reason=reason.strip())
    ModerationEvent.objects.create(
        comment=comment, actor=reporter, action=ModerationEvent.Action.REPORTED, reason=reason.strip()
    )
    return report


@transaction.atomic
def dismiss_report(*, report: Report, moderator, reason: str = "") -> Report:
    """The comment stays as it is; the report leaves the open list."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolved_at is not None:
        raise CommentActionRefused("This report has already been dealt with.")
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.outcome = "Dismissed"
    report.save(update_fields=["resolved_at", "resolved_by", "outcome"])
    ModerationEvent.objects.create(
        comment_id=report.comment_id,
        actor=moderator,
        action=ModerationEvent.Action.REPORT_DISMISSED,
        reason=reason.strip(),
    )
    return report
