"""What Connect holds about a person, for the "Your data" pages (carelab/accounts/your_data.py).

Nothing written by or about anyone else: a conversation is listed with the person's own messages
and how many came from the other person, never the other person's name or words. Reports other
people made about the person, and blocks of them, are not listed: telling someone who reported or
blocked them could put that person at risk (docs/decisions/0008-connect.md). The `on_deletion`
sentences say what `carelab.accounts.actions.delete_account` does; carelab/connect/tests/
test_personal_data.py checks that it does.
"""

from django.db.models import Count, Max, Q

from carelab.accounts.your_data import LAB_TEAM_WORK_KEPT, Section, counted_records
from carelab.connect.models import Block, ConnectStop, ConversationMessage, ConversationReport, Introduction

DELETED_BOTH_SIDES = "Deleted, with every message in them, so the other person no longer sees the conversation either."


def sections(user) -> list[Section]:
    found = [_introductions(user), _messages(user), _blocks(user), _reports(user), _stops(user)]
    if team_work := _team_work(user):
        found.append(team_work)
    return found


def _introductions(user) -> Section:
    introductions = (
        Introduction.objects.involving(user)
        .select_related("lab")
        .annotate(
            from_you=Count("messages", filter=Q(messages__author=user)),
            from_them=Count("messages", filter=~Q(messages__author=user)),
        )
        .order_by("created_at", "pk")
    )
    return Section(
        key="connect_introductions",
        title="Introductions you sent or received",
        on_deletion=DELETED_BOTH_SIDES,
        records=[
            [
                ("Lab", introduction.lab.title),
                ("Started by", "You" if introduction.sender_id == user.pk else "The other person"),
                ("Started", introduction.created_at),
                ("Answered", introduction.replied_at),
                ("Messages from you", introduction.from_you),
                ("Messages from the other person", introduction.from_them),
            ]
            for introduction in introductions
        ],
    )


def _messages(user) -> Section:
    messages = (
        ConversationMessage.objects.filter(author=user).select_related("introduction__lab").order_by("created_at", "pk")
    )
    return Section(
        key="connect_messages",
        title="Messages you wrote to other participants",
        on_deletion=DELETED_BOTH_SIDES,
        records=[
            [("Lab", message.introduction.lab.title), ("Sent", message.created_at), ("Your message", message.body)]
            for message in messages
        ],
    )


def _blocks(user) -> Section:
    blocks = Block.objects.made_by(user).select_related("lab").order_by("created_at", "pk")
    return Section(
        key="connect_blocks",
        title="People you blocked",
        on_deletion="Deleted, and so is any block other people made of you.",
        records=[[("Lab", block.lab.title if block.lab else ""), ("Blocked", block.created_at)] for block in blocks],
    )


def _reports(user) -> Section:
    reports = ConversationReport.objects.filter(reporter=user).select_related("lab").order_by("created_at", "pk")
    return Section(
        key="connect_reports",
        title="Conversations you reported",
        on_deletion=(
            "Kept for the lab's records without your name or the conversation: the reason you gave stays, with your "
            "name, e-mail addresses and phone numbers replaced by “[removed]”, so that the lab team can finish "
            "dealing with the report."
        ),
        kept_after_deletion=True,
        records=[
            [
                ("Lab", report.lab.title),
                ("Your reason", report.reason),
                ("Made", report.created_at),
                ("Dealt with", report.closed_at),
                ("What the lab team decided", report.outcome),
            ]
            for report in reports
        ],
    )


def _stops(user) -> Section:
    stops = ConnectStop.objects.filter(user=user).select_related("lab").order_by("created_at", "pk")
    return Section(
        key="connect_stops",
        title="Labs where the lab team stopped you sending introductions",
        on_deletion="Deleted.",
        records=[
            [("Lab", stop.lab.title), ("Since", stop.created_at), ("The lab team's reason", stop.reason)]
            for stop in stops
        ],
    )


def _team_work(user) -> Section | None:
    """What a lab-team member did with reports: counted, since the reports are about other people."""
    closed = ConversationReport.objects.filter(closed_by=user).aggregate(count=Count("pk"), latest=Max("closed_at"))
    stopped = ConnectStop.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    records = counted_records(
        [
            ("Dealt with a report about a conversation", closed["count"], closed["latest"]),
            ("Stopped someone from sending introductions", stopped["count"], stopped["latest"]),
        ]
    )
    if not records:
        return None
    return Section(
        key="connect_team_work",
        title="Your work on reported conversations",
        on_deletion=LAB_TEAM_WORK_KEPT,
        kept_after_deletion=True,
        records=records,
    )
