"""Gatekeepers for Connect: who may use it, whom they may write to, and the only way views reach
introductions, blocks, reports and stops.

The lab team does not read people's conversations: a conversation is reachable only by the two
people in it, and by the lab team through a report one of them made (`get_report_for_team`).
"""

from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from carelab.connect.models import Block, ConnectStop, ConversationMessage, ConversationReport, Introduction
from carelab.core.presenters import format_date
from carelab.labs.access import lab_role_required
from carelab.labs.models import Lab, Role
from carelab.participants.access import directory_audience
from carelab.participants.models import Application, ProfileCard
from carelab.safeguarding.models import SafeguardingFlag

CANNOT_CONTACT = "You cannot contact this person."
DAY = timedelta(hours=24)


# Views taking `slug`: only the lab's participants and team may use Connect there; others get 403.
# Every page is private: conversations are.
connect_required = lab_role_required(
    Role.PARTICIPANT, Role.TEAM, refusal="Only the lab's participants and lab team can send introductions."
)


def connect_name(user, lab: Lab) -> str:
    """The name others know the person by in the lab: their card's display name, else their public name.

    Not the name on a card waiting for the lab team's check: it may be what the check found.
    """
    card = ProfileCard.objects.filter(lab=lab, user=user).only("display_name", "review_status").first()
    return card.display_name if card and not card.is_held else user.public_name


def stop_for(user, lab: Lab) -> ConnectStop | None:
    return ConnectStop.objects.for_lab(lab).filter(user=user).first()


def stopped_message(lab: Lab) -> str:
    return (
        "The lab team has stopped you from sending introductions and messages in this lab. "
        f"If you think this is a mistake, please contact the lab team: {lab.contact_email}"
    )


def send_refusal(sender, lab: Lab, recipient) -> str | None:
    """Why this person may not send that one an introduction, in words for the sender; None if they may.

    A blocked person is told only that they cannot contact this person, nothing more. (Whether they
    already have a conversation with them is for the view and the sending action to check.)
    """
    if sender.pk == recipient.pk:
        return "You cannot send an introduction to yourself."
    if stop_for(sender, lab) is not None:
        return stopped_message(lab)
    blockers = set(Block.objects.between(sender, recipient).values_list("blocker_id", flat=True))
    if sender.pk in blockers:
        return "You have blocked this person. Unblock them if you want to contact them."
    if blockers:
        return CANNOT_CONTACT
    return daily_limit_refusal(sender)


def daily_limit_refusal(sender, now=None) -> str | None:
    """Whether the person has sent as many introductions in the last 24 hours as anyone may, across all labs."""
    now = now or timezone.now()
    limit = settings.CARELAB_CONNECT_DAILY_LIMIT
    recent = list(
        Introduction.objects.sent_since(sender, now - DAY).order_by("created_at").values_list("created_at", flat=True)
    )
    if len(recent) < limit:
        return None
    next_allowed = recent[len(recent) - limit] + DAY
    return (
        f"You have sent {limit} introductions in the last 24 hours, which is the most we allow. "
        f"You can send another from {format_date(next_allowed, 'datetime')}."
    )


def message_refusal(user, introduction: Introduction) -> str | None:
    """Why this person may not add a message to the conversation now, in words for them; None if they may."""
    other = introduction.recipient_id if user.pk == introduction.sender_id else introduction.sender_id
    if stop_for(user, introduction.lab) is not None:
        return stopped_message(introduction.lab)
    blockers = set(
        Block.objects.filter(blocker_id__in=[user.pk, other], blocked_id__in=[user.pk, other]).values_list(
            "blocker_id", flat=True
        )
    )
    if user.pk in blockers:
        return f"You have blocked {introduction.other_name(user)}. Unblock them if you want to write to them again."
    if blockers:
        return "You cannot send messages in this conversation."
    if not introduction.has_reply and user.pk == introduction.sender_id:
        return f"You can write again once {introduction.recipient_name} replies."
    return None


def get_recipient_card(request, card_pk: int) -> ProfileCard:
    """A card in the lab (that `connect_required` put on the request) this person may see in its directory,
    other than their own. Anything else is a 404."""
    lab = request.lab
    cards = ProfileCard.objects.in_lab(lab).shown_to(directory_audience(request.user, lab))
    return get_object_or_404(cards.exclude(user=request.user).select_related("user"), pk=card_pk)


def get_conversation(request, pk: int) -> Introduction:
    """An introduction in the lab that this person sent or received; anyone else's is a 404."""
    conversation = get_object_or_404(
        Introduction.objects.for_lab(request.lab).involving(request.user).select_related("sender", "recipient"),
        pk=pk,
    )
    conversation.lab = request.lab
    return conversation


def get_own_block(request, pk: int) -> Block:
    """A block this person made; anyone else's is a 404."""
    return get_object_or_404(Block.objects.made_by(request.user), pk=pk)


def get_report_for_team(request, pk: int) -> ConversationReport:
    """A report in the lab that `lab_team_required` put on the request; another lab's is a 404."""
    return get_object_or_404(
        ConversationReport.objects.for_lab(request.lab).select_related("introduction", "reporter", "reported"), pk=pk
    )


def get_stop_for_team(request, pk: int) -> ConnectStop:
    return get_object_or_404(ConnectStop.objects.for_lab(request.lab), pk=pk)


def get_flagged_message_for_team(request, pk: int) -> ConversationMessage:
    """A message in the lab (that `lab_team_required` put on the request) that raised a safeguarding flag.

    Any other message is a 404: the lab team sees nothing of a conversation unless a flag or a report
    brings it to them (decisions/0008 and 0020).
    """
    flagged = SafeguardingFlag.objects.for_lab(request.lab).filter(
        source_kind=SafeguardingFlag.Source.CONNECT_MESSAGE, source_id=pk
    )
    if not flagged.exists():
        raise Http404("No such flagged message.")
    return get_object_or_404(
        ConversationMessage.objects.filter(introduction__lab=request.lab).select_related("introduction", "author"),
        pk=pk,
    )


def flag_for_message(message: ConversationMessage) -> SafeguardingFlag | None:
    return SafeguardingFlag.objects.filter(
        source_kind=SafeguardingFlag.Source.CONNECT_MESSAGE, source_id=message.pk
    ).first()


def writers_application(message: ConversationMessage, lab: Lab) -> Application | None:
    """The writer's accepted application to the lab, which says whether they agreed to be contacted."""
    return (
        Application.objects.for_lab(lab)
        .filter(applicant_id=message.author_id, status=Application.Status.ACCEPTED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def open_reports_on(introduction: Introduction) -> int:
    return ConversationReport.objects.filter(introduction=introduction).open().count()
