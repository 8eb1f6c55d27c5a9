"""Background e-mails about introductions: a new introduction, a reply, later messages, and a report for the lab team.

No e-mail carries an address of the other person until the recipient has replied, and none has a
Reply-To: people answer on the site. Each e-mail is built when the task runs: one that no longer
fits (a block since, an account gone) is not sent.
"""

from django.urls import reverse
from django_tasks import task

from carelab.connect.models import Block, ConversationMessage, ConversationReport, Introduction
from carelab.core.email import absolute_url, send_email
from carelab.labs.emails import email_lab_team


def _conversation_url(introduction: Introduction) -> str:
    return absolute_url(reverse("connect:conversation", args=[introduction.lab.slug, introduction.pk]))


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.replace("\r\n", "\n").split("\n"))


def _may_still_write(introduction: Introduction) -> bool:
    people = [introduction.sender, introduction.recipient]
    if not all(person.is_active for person in people):
        return False
    return not Block.objects.between(*people).exists()


def introduction_email(introduction: Introduction) -> tuple[str, str]:
    """Subject and body telling the recipient about a new introduction. No address of either person."""
    lab = introduction.lab
    first = introduction.messages.order_by("created_at", "pk").first()
    subject = f"{introduction.sender_name} sent you an introduction in {lab.title}"
    body = (
        f"Hello {introduction.recipient_name},\n\n"
        f"{introduction.sender_name}, from {lab.title}, has sent you an introduction through CareLab.\n\n"
        f"{_quoted(first.body)}\n\n"
        f"You can read it and reply here: {_conversation_url(introduction)}\n\n"
        "Please reply on CareLab, not to this email. We have not given them your email address. "
        "If you reply, we will share your address with them and show you theirs. If you would rather "
        "not hear from them, you do not need to reply, and you can block them from the same page.\n\n"
        f"{lab.team_name}"
    )
    return subject, body


def message_email(message: ConversationMessage) -> tuple[str, str]:
    """Subject and body telling the other person about a message. After the first reply, with the replier's address."""
    introduction = message.introduction
    lab = introduction.lab
    author_name = introduction.name_of(message.author_id)
    to_name = introduction.name_of(
        introduction.sender_id if message.author_id == introduction.recipient_id else introduction.recipient_id
    )
    is_first_reply = (
        message.author_id == introduction.recipient_id
        and not introduction.messages.filter(author_id=message.author_id, pk__lt=message.pk).exists()
    )
    if is_first_reply:
        subject = f"{author_name} replied to your introduction"
        opening = (
            f"{author_name} has replied to the introduction you sent in {lab.title}.\n\n"
            f"{_quoted(message.body)}\n\n"
            f"Their email address is {message.author.email}. We have shared yours with them too, so you can "
            "write to each other directly, or carry on in CareLab"
        )
    else:
        subject = f"New message from {author_name}"
        opening = f"{author_name} has sent you a message in {lab.title}.\n\n{_quoted(message.body)}\n\nReply in CareLab"
    body = f"Hello {to_name},\n\n{opening}: {_conversation_url(introduction)}\n\n{lab.team_name}"
    return subject, body


@task()
def send_introduction_email(introduction_id: int) -> int:
    """E-mail the recipient about a new introduction. Sends nothing if either has gone or one blocked the other."""
    introduction = Introduction.objects.select_related("lab", "sender", "recipient").filter(pk=introduction_id).first()
    if introduction is None or not _may_still_write(introduction):
        return 0
    subject, body = introduction_email(introduction)
    return send_email(introduction.recipient.email, subject, body)


@task()
def send_message_email(message_id: int) -> int:
    """E-mail the other person in the conversation about a message, unless it no longer fits."""
    message = (
        ConversationMessage.objects.select_related(
            "author", "introduction", "introduction__lab", "introduction__sender", "introduction__recipient"
        )
        .filter(pk=message_id)
        .first()
    )
    if message is None or not _may_still_write(message.introduction):
        return 0
    introduction = message.introduction
    to = introduction.sender if message.author_id == introduction.recipient_id else introduction.recipient
    subject, body = message_email(message)
    return send_email(to.email, subject, body)


def report_email(report: ConversationReport) -> tuple[str, str]:
    """What the lab team is told about a new report: that there is one, and where. Nothing from the conversation."""
    lab = report.lab
    reports_url = absolute_url(reverse("connect:reports", args=[lab.slug]))
    subject = f"A conversation has been reported in {lab.title}"
    body = (
        f"Hello,\n\nSomeone has reported a conversation between participants of {lab.title} "
        f"and asked the lab team to look at it.\n\nReported conversations: {reports_url}"
    )
    return subject, body


@task()
def notify_team_of_report(report_id: int) -> int:
    """E-mail each of the lab's team that a conversation was reported."""
    report = ConversationReport.objects.select_related("lab").filter(pk=report_id).first()
    if report is None or report.closed_at is not None:
        return 0
    subject, body = report_email(report)
    return email_lab_team(report.lab, subject, body)
