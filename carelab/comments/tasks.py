"""Background e-mails about comments: decisions to their authors, and the lab team's digest."""

from django.urls import reverse
from django_tasks import task

from carelab.comments.models import Comment, ModerationEvent, Report
from carelab.core.email import absolute_url, send_email
from carelab.labs.emails import email_lab_team
from carelab.labs.models import Lab

DIGEST_ITEMS_LISTED = 20


def _post_url(comment: Comment) -> str:
    return absolute_url(comment.post.get_absolute_url())


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def decision_email(comment: Comment, decision: str) -> tuple[str, str]:
    """Subject and body telling an author what the lab team decided about their comment."""
    post = comment.post
    quoted = f"Your comment:\n“{_quote(comment.body)}”"
    if decision == ModerationEvent.Action.APPROVED:
        subject = "Your comment is published"
        body = (
            f"The lab team has published your comment on “{post.title}”.\n\n{quoted}\n\n"
            f"See it here: {_post_url(comment)}#comment-{comment.pk}"
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
    comment = Comment.objects.select_related("author", "post", "post__lab").filter(pk=comment_id).first()
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
        lines.append(f"- On “{comment.post.title}”: {queue_url}#comment-{comment.pk}")
    if pending_count > DIGEST_ITEMS_LISTED:
        lines.append(f"- and {pending_count - DIGEST_ITEMS_LISTED} more")
    lines.append(f"Moderation queue: {queue_url}\n")
    lines.append(f"Open reports: {report_count}")
    for report in reports[:DIGEST_ITEMS_LISTED]:
        lines.append(f"- On “{report.comment.post.title}”: {reports_url}#report-{report.pk}")
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
