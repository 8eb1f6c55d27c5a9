"""What Connect holds about a person, for the "Your data" pages (carelab/core/your_data.py).

Nothing written by or about anyone else: a conversation is listed with the person's own messages
and how many came from the other person, never the other person's name or words. Reports other
people made about the person, and blocks of them, are not listed: telling someone who reported or
blocked them could put that person at risk (docs/decisions/0008-connect.md). The `on_deletion`
sentences say what `carelab.accounts.actions.delete_account` does; carelab/connect/tests/
test_personal_data.py checks that it does.
"""

from django.db.models import Count, Max, Q

from carelab.connect.models import Block, ConnectStop, ConversationMessage, ConversationReport, Introduction
from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Section, counted_records, team_work_privacy

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


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("connect_introductions", "connect_messages"),
            title="Connect: introductions and messages between participants",
            held="Introductions you send or receive, the messages in them, and when the other person first replied.",
            why=(
                "To let participants get in touch with each other, which you choose to do. This is needed to give you "
                "the service."
            ),
            who_sees=(
                "Only the two people in the conversation: not the lab team, unless one of you reports it. Your email "
                "address is hidden until one of you replies to the other's introduction; from then on you both see "
                "each other's address."
            ),
            kept_for="Until either of you deletes their account, when the whole conversation is deleted for both.",
            your_choices=(
                "Block the other person or report the conversation at any time. Deleting your account deletes your "
                "conversations."
            ),
        ),
        Privacy(
            covers=("connect_blocks",),
            title="Connect: people you blocked",
            held="That you blocked someone, and when.",
            why="So they cannot write to you. This is needed to give you the service safely.",
            who_sees=(
                "Nobody but you and the site administrators. The person is told only that they cannot write to you."
            ),
            kept_for="Until you unblock them or either of you deletes their account.",
            your_choices="Unblock them from your introductions.",
        ),
        Privacy(
            covers=("connect_reports", "connect_stops"),
            title="Connect: reports and stops",
            held=(
                "Conversations you reported, with your reason and what the lab team decided; and, if the lab team "
                "stopped you from sending introductions in a lab, when and why."
            ),
            why="To keep participants safe. This is in the lab's legitimate interests.",
            who_sees=(
                "The lab team of that lab reads a reported conversation. Reports other people make about you are not "
                "shown to you, because a conversation has only two people, so it would tell you who reported you; "
                "if the lab team acts on one by stopping you, you see that and their reason."
            ),
            kept_for=(
                "A report stays for the lab's records without your name if you delete your account; a stop is "
                "deleted with your account."
            ),
            your_choices=(
                "Ask the lab team about a report or a stop. Deleting your account deletes a stop and removes your name "
                "from reports."
            ),
        ),
        team_work_privacy(
            ("connect_team_work",),
            "Dealing with Connect reports, for lab-team members",
            (
                "How many reported conversations a lab-team member dealt with, and people they stopped from sending "
                "introductions."
            ),
        ),
    ]
