"""Writes to Connect. Each runs in one transaction and checks again, under a lock, what the page
checked before it was shown; e-mails go through background tasks once the change is committed."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carelab.connect import tasks
from carelab.connect.access import connect_name, message_refusal, send_refusal
from carelab.connect.models import Block, ConnectStop, ConversationMessage, ConversationReport, Introduction
from carelab.connect.presenters import ReportView
from carelab.labs.access import is_participant_or_team
from carelab.labs.models import Lab
from carelab.safeguarding.actions import FlagSource
from carelab.safeguarding.checks import check_words, flag_if_urgent
from carelab.safeguarding.models import SafeguardingFlag


class ConnectRefused(Exception):
    """The action cannot be done. The message is written for the person who asked."""


def _lock_person(user) -> None:
    """Serialise one person's introductions, so the daily limit holds across processes."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def send_introduction(*, lab: Lab, sender, recipient, body: str) -> Introduction:
    """Start a conversation: the introduction and its first message. The recipient is e-mailed once it is saved.

    Refuses (and saves nothing) when the sender may not use Connect in the lab or write to this
    person, already has a conversation with them there, or has reached the daily limit.
    """
    _lock_person(sender)
    if not is_participant_or_team(sender, lab) or not is_participant_or_team(recipient, lab):
        raise ConnectRefused("Only the lab's participants and lab team can send introductions.")
    refusal = send_refusal(sender, lab, recipient)
    if refusal:
        raise ConnectRefused(refusal)
    if Introduction.objects.for_lab(lab).between(sender, recipient).exists():
        raise ConnectRefused("You already have a conversation with this person. Carry it on from your introductions.")
    now = timezone.now()
    introduction = Introduction.objects.create(
        lab=lab,
        sender=sender,
        recipient=recipient,
        sender_name=connect_name(sender, lab),
        recipient_name=connect_name(recipient, lab),
        created_at=now,
        sender_read_at=now,
    )
    message = ConversationMessage.objects.create(
        introduction=introduction, author=sender, body=body.strip(), created_at=now
    )
    flag_urgent_message(lab, message, introduction.sender_name)
    transaction.on_commit(lambda: tasks.send_introduction_email.enqueue(introduction.pk))
    return introduction


@transaction.atomic
def add_message(*, introduction: Introduction, author, body: str) -> ConversationMessage:
    """A reply or a later message. The recipient's first reply shows both people's addresses to both."""
    locked = (
        Introduction.objects.select_for_update(of=("self",))
        .select_related("sender", "recipient")
        .get(pk=introduction.pk)
    )
    locked.lab = introduction.lab
    if not locked.is_between(author):
        raise ConnectRefused("You are not in this conversation.")
    refusal = message_refusal(author, locked)
    if refusal:
        raise ConnectRefused(refusal)
    now = timezone.now()
    message = ConversationMessage.objects.create(introduction=locked, author=author, body=body.strip(), created_at=now)
    read_field = "sender_read_at" if author.pk == locked.sender_id else "recipient_read_at"
    setattr(locked, read_field, now)
    fields = [read_field]
    if not locked.has_reply and author.pk == locked.recipient_id:
        locked.replied_at = now
        fields.append("replied_at")
    locked.save(update_fields=fields)
    flag_urgent_message(locked.lab, message, locked.own_name(author))
    transaction.on_commit(lambda: tasks.send_message_email.enqueue(message.pk))
    return message


def flag_urgent_message(lab: Lab, message: ConversationMessage, writer_name: str) -> SafeguardingFlag | None:
    """Urgent risk in a message reaches the safeguarding queue; the message is delivered all the same.

    The flag names the writer and links to the team's page for it, which shows when and where the
    message was written but never what it says, nor who it was written to (decisions/0020).
    """
    source = FlagSource(
        SafeguardingFlag.Source.CONNECT_MESSAGE,
        message.pk,
        f"Connect message from {writer_name}",
        reverse("connect:flagged_message", args=[lab.slug, message.pk]),
    )
    return flag_if_urgent(lab=lab, check=check_words(lab, message.body), source=source, person=message.author)


def mark_read(introduction: Introduction, reader) -> None:
    """The person has seen the conversation as it is now."""
    field = "sender_read_at" if reader.pk == introduction.sender_id else "recipient_read_at"
    Introduction.objects.filter(pk=introduction.pk).update(**{field: timezone.now()})


# Blocking


@transaction.atomic
def block_person(*, blocker, introduction: Introduction) -> Block:
    """Block the other person in a conversation, in every lab. Blocking twice changes nothing."""
    other = introduction.other_person(blocker)
    block, _ = Block.objects.get_or_create(
        blocker=blocker,
        blocked=other,
        defaults={"blocked_name": introduction.other_name(blocker), "lab": introduction.lab},
    )
    return block


@transaction.atomic
def unblock(*, block: Block) -> None:
    block.delete()


# Reports and the lab team


@transaction.atomic
def report_conversation(*, introduction: Introduction, reporter, reason: str, also_block: bool) -> ConversationReport:
    """Ask the lab team to look at a conversation, and block the other person if asked. The team is e-mailed."""
    if not reason.strip():
        raise ConnectRefused("Tell us what is wrong")
    report = ConversationReport.objects.create(
        lab=introduction.lab,
        introduction=introduction,
        reporter=reporter,
        reported=introduction.other_person(reporter),
        reason=reason.strip(),
    )
    if also_block:
        block_person(blocker=reporter, introduction=introduction)
    transaction.on_commit(lambda: tasks.notify_team_of_report.enqueue(report.pk))
    return report


def _close(reports, by, outcome: str) -> int:
    return reports.open().update(closed_at=timezone.now(), closed_by=by, outcome=outcome)


@transaction.atomic
def close_report(*, report: ConversationReport, by) -> ConversationReport:
    if not _close(ConversationReport.objects.filter(pk=report.pk), by, "Closed by the lab team"):
        raise ConnectRefused("This report has already been closed.")
    report.refresh_from_db()
    return report


@transaction.atomic
def stop_person(*, report: ConversationReport, by, reason: str) -> ConnectStop:
    """Stop the reported person sending introductions and messages in the lab; close every open report about them."""
    if report.reported_id is None:
        raise ConnectRefused("This person has deleted their account, so there is nobody to stop.")
    if not reason.strip():
        raise ConnectRefused("Enter the reason. The person will see it.")
    name = ReportView(report).reported_name
    stop, created = ConnectStop.objects.get_or_create(
        lab=report.lab,
        user_id=report.reported_id,
        defaults={"name": name, "reason": reason.strip(), "created_by": by},
    )
    if not created:
        raise ConnectRefused(f"{name} has already been stopped from using Connect in this lab.")
    _close(
        ConversationReport.objects.for_lab(report.lab).filter(reported_id=report.reported_id),
        by,
        "Stopped from using Connect",
    )
    return stop


@transaction.atomic
def lift_stop(*, stop: ConnectStop) -> None:
    stop.delete()
