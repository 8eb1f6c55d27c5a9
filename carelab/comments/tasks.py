"""Background e-mails about comments: decisions to their authors, and the lab team's digest."""

from django.urls import reverse
from django_tasks import task

from carelab.comments.models import Comment, ModerationEvent, Report
from carelab.core.crisis import NOT_A_CRISIS_SERVICE, crisis_contacts_text
from carelab.core.email import absolute_url, send_email
from carelab.labs.emails import email_lab_team
from carelab.labs.models import Lab

DIGEST_ITEMS_LISTED = 20


def _subject_url(comment: Comment) -> str:
    return absolute_url(comment.subject.get_absolute_url())


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def held_for_risk(comment: Comment) -> bool:
    """Whether the check found words suggesting the writer may be at risk."""
    return Comment.HoldReason.RISK in (comment.hold_reasons or []) or bool(comment.risk_level)


# For a comment held because its words suggested the writer may be at risk. It is written for
# someone who may be struggling, and it never quotes the comment: an e-mail can be seen by others,
# and nobody should meet their own words about a bad day under "Your comment was not published".
HELP_FIRST = (
    "If you are struggling, help is here. You do not have to wait for the lab team: these services are free "
    "and ready to help now.\n"
)
NOT_QUOTED = "We have not copied what you wrote into this e-mail."


def decision_email_after_risk(comment: Comment, decision: str) -> tuple[str, str]:
    """The lab team's decision about a comment held for risk: kind, specific, and without its words."""
    post = comment.subject  # the post or idea the comment is on
    policy_url = absolute_url(reverse("comments:policy", args=[post.lab.slug]))
    if decision == ModerationEvent.Action.APPROVED:
        subject = f"Thank you for your comment on “{post.title}”: it is published"
        what = (
            f"Thank you for your comment on “{post.title}”. The lab team has read it and published it.\n\n"
            f"See it here: {_subject_url(comment)}#comment-{comment.pk}"
        )
    elif decision in (ModerationEvent.Action.REJECTED, ModerationEvent.Action.HIDDEN):
        subject = f"Thank you for your comment on “{post.title}”: the lab team has read it"
        done = "decided not to publish it" if decision == ModerationEvent.Action.REJECTED else "hidden it"
        what = (
            f"Thank you for your comment on “{post.title}”. The lab team has read it and {done}.\n\n"
            f"Their reason: {comment.decision_reason}\n\n"
            f"You can read the lab's comments policy here: {policy_url}"
        )
    else:
        raise ValueError(f"No e-mail for the decision {decision!r}")
    body = f"{what}\n\n{NOT_QUOTED}\n\n{HELP_FIRST}{crisis_contacts_text()}\n\n{NOT_A_CRISIS_SERVICE}"
    return subject, f"Hello {comment.author.public_name},\n\n{body}\n\n{post.lab.team_name}"


def decision_email(comment: Comment, decision: str) -> tuple[str, str]:
    """Subject and body telling an author what the lab team decided about their comment."""
    if held_for_risk(comment):
        return decision_email_after_risk(comment, decision)
    post = comment.subject  # the post or idea the comment is on
    quoted = f"Your comment:\n“{_quote(comment.body)}”"
    if decision == ModerationEvent.Action.APPROVED:
        subject = "Your comment is published"
        body = (
            f"The lab team has published your comment on “{post.title}”.\n\n{quoted}\n\n"
            f"See it here: {_subject_url(comment)}#comment-{comment.pk}"
        )
    elif decision == ModerationEvent.Action.REJECTED:
        subject = "Your comment was not published"
        body = (
            f"The lab team did not publish your comment on “{post.title}”.\n\n"
            f"Their reason: {comment.decision_reason}\n\n{quoted}\n\n"
            f"You can read the lab's comments policy here: "
            f"{absolute_url(reverse('comments:policy', args=[post.lab.slug]))}"
        )
    elif decision == ModerationEvent.Action.HIDDEN:
        subject = "Your comment was hidden"
        body = (
            f"The lab team has hidden your comment on “{post.title}”. Replies to it stay on the page.\n\n"
            f"Their reason: {comment.decision_reason}\n\n{quoted}\n\n"
            f"You can read the lab's comments policy here: "
            f"{absolute_url(reverse('comments:policy', args=[post.lab.slug]))}"
        )
    else:
        raise ValueError(f"No e-mail for the decision {decision!r}")
    greeting = f"Hello {comment.author.public_name},\n\n"
    return subject, greeting + body + f"\n\n{post.lab.team_name}"


@task()
def notify_author_of_decision(comment_id: int, decision: str) -> int:
    """E-mail the author about an approval, rejection or hiding. Sends nothing if they have gone."""
    comment = Comment.objects.with_subject().select_related("author").filter(pk=comment_id).first()
    if comment is None or comment.author is None or not comment.author.is_active:
        return 0
    subject, body = decision_email(comment, decision)
    return send_email(comment.author.email, subject, body)


def digest_email(lab: Lab) -> tuple[str, str] | None:
    """Subject and body of the lab team's moderation digest, or None when nothing is waiting."""
    pending = list(Comment.objects.for_lab(lab).for_queue()[: DIGEST_ITEMS_LISTED + 1])
    reports = list(Report.objects.for_lab(lab).for_review()[: DIGEST_ITEMS_LISTED + 1])
    if not pending and not reports:
        return None
    pending_count = Comment.objects.for_lab(lab).pending().count()
    report_count = Report.objects.for_lab(lab).open().count()
    queue_url = absolute_url(reverse("comments:queue", args=[lab.slug]))
    reports_url = absolute_url(reverse("comments:reports", args=[lab.slug]))

    lines = [f"Hello,\n\nThis is what is waiting for the {lab.team_name}.\n"]
    lines.append(f"Comments waiting for moderation: {pending_count}")
    for comment in pending[:DIGEST_ITEMS_LISTED]:
        lines.append(f"- On “{comment.subject.title}”: {queue_url}#comment-{comment.pk}")
    if pending_count > DIGEST_ITEMS_LISTED:
        lines.append(f"- and {pending_count - DIGEST_ITEMS_LISTED} more")
    lines.append(f"Moderation queue: {queue_url}\n")
    lines.append(f"Open reports: {report_count}")
    for report in reports[:DIGEST_ITEMS_LISTED]:
        lines.append(f"- On “{report.comment.subject.title}”: {reports_url}#report-{report.pk}")
    if report_count > DIGEST_ITEMS_LISTED:
        lines.append(f"- and {report_count - DIGEST_ITEMS_LISTED} more")
    lines.append(f"Reported comments: {reports_url}")
    subject = f"{_count(pending_count, 'comment')} and {_count(report_count, 'report')} waiting in {lab.title}"
    return subject, "\n".join(lines)


@task()
def send_moderation_digest(lab_id: int) -> int:
    """E-mail each of the lab's team the queue's size and links. Nothing is sent when it is empty."""
    lab = Lab.objects.filter(pk=lab_id).first()
    if lab is None:
        return 0
    email = digest_email(lab)
    if email is None:
        return 0
    subject, body = email
    return email_lab_team(lab, subject, body)
