"""Connect's pages: the inbox, sending an introduction, a conversation, blocking, reporting, and the
lab team's reported conversations. Every page works without JavaScript: forms post and redirect."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.connect import actions
from carelab.connect.access import (
    connect_required,
    flag_for_message,
    get_conversation,
    get_flagged_message_for_team,
    get_own_block,
    get_recipient_card,
    get_report_for_team,
    get_stop_for_team,
    message_refusal,
    open_reports_on,
    send_refusal,
    stop_for,
    writers_application,
)
from carelab.connect.forms import MessageForm, ReportForm, StopForm
from carelab.connect.models import Introduction
from carelab.connect.presenters import (
    ConversationRow,
    MessageView,
    PersonalDataWarning,
    ReportView,
    mentions_risk,
)
from carelab.core.redirects import next_or
from carelab.labs.access import lab_team_required


def _conversation_url(lab, introduction: Introduction) -> str:
    return reverse("connect:conversation", args=[lab.slug, introduction.pk])


# The person's own pages


@connect_required
@require_safe
def inbox(request, slug):
    lab = request.lab
    user = request.user
    blocks = dict(user.blocks_made.values_list("blocked_id", "pk"))
    rows = []
    for introduction in lab.introductions.for_inbox(user):
        other_id = introduction.recipient_id if introduction.sender_id == user.pk else introduction.sender_id
        rows.append(ConversationRow(introduction, user.pk, blocked_by_viewer=other_id in blocks))
    return render(
        request,
        "connect/inbox.jinja",
        {
            "lab": lab,
            "received": [row for row in rows if not row.started_by_viewer],
            "sent": [row for row in rows if row.started_by_viewer],
            "blocks": blocks,
            "stop": stop_for(user, lab),
        },
    )


@connect_required
@require_http_methods(["GET", "POST"])
def send(request, slug, card_pk):
    """Write an introduction to the person whose card this is."""
    lab = request.lab
    card = get_recipient_card(request, card_pk)
    existing = lab.introductions.between(request.user, card.user).first()
    if existing is not None:
        messages.info(request, f"You already have a conversation with {card.display_name}. You can carry it on here.")
        return redirect(_conversation_url(lab, existing))

    form = _message_form(request, lab)
    refusal = send_refusal(request.user, lab, card.user) if request.method == "GET" else None
    warning = None
    if form.is_bound and form.is_valid():
        warning = _personal_data_warning(form, card.display_name, addresses_private=True)
    if form.is_bound and form.is_valid() and warning is None:
        try:
            introduction = actions.send_introduction(
                lab=lab, sender=request.user, recipient=card.user, body=form.cleaned_data["body"]
            )
        except actions.ConnectRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"Your introduction is on its way to {card.display_name}. We will email you if they reply.",
            )
            return redirect(_conversation_url(lab, introduction))
    return render(
        request,
        "connect/send.jinja",
        {
            "lab": lab,
            "recipient_card": card,
            "form": form,
            "refusal": refusal,
            "warning": warning,
            "show_crisis": warning is not None and form.words.has_risk,
        },
    )


def _message_form(request, lab) -> MessageForm:
    """The message form as posted; after "Change the message", unbound again with the message as typed."""
    if request.method != "POST":
        return MessageForm(lab=lab)
    if "change_message" in request.POST:
        return MessageForm(initial={"body": request.POST.get("body", "")}, lab=lab)
    return MessageForm(request.POST, lab=lab)


def _personal_data_warning(form: MessageForm, other_name: str, *, addresses_private: bool):
    """A warning to show instead of sending, when the message seems to include personal data not yet confirmed."""
    kinds = form.personal_data_to_confirm
    if not kinds:
        return None
    return PersonalDataWarning(kinds, other_name, form.fingerprint, addresses_private=addresses_private)


def _conversation_page(request, introduction: Introduction, form: MessageForm | None, warning=None):
    lab = request.lab
    user = request.user
    conversation_messages = list(introduction.messages.all())
    refusal = message_refusal(user, introduction)
    other = introduction.other_person(user)
    own_block = user.blocks_made.filter(blocked=other).first()
    return render(
        request,
        "connect/conversation.jinja",
        {
            "lab": lab,
            "introduction": introduction,
            "other_name": introduction.other_name(user),
            "messages_shown": [MessageView(message, introduction, user.pk) for message in conversation_messages],
            # A message refused after it was written stays on the page, with the reason, so it can be copied.
            "form": (form or MessageForm(lab=lab)) if not refusal or (form is not None and form.errors) else None,
            "warning": warning,
            "refusal": refusal,
            "own_block": own_block,
            "started_by_viewer": introduction.sender_id == user.pk,
            # Addresses only once the recipient has replied; until then, neither is anywhere on the page.
            "addresses": {"yours": user.email, "theirs": other.email} if introduction.has_reply else None,
            # Risk in any message, or in one the writer is being asked to confirm before it is sent.
            "show_crisis": mentions_risk(lab, conversation_messages)
            or (warning is not None and form.words is not None and form.words.has_risk),
        },
    )


@connect_required
@require_safe
def conversation(request, slug, pk):
    introduction = get_conversation(request, pk)
    response = _conversation_page(request, introduction, None)
    actions.mark_read(introduction, request.user)
    return response


@connect_required
@require_http_methods(["GET", "POST"])
def reply(request, slug, pk):
    """Where the conversation's message form posts; with a problem, the conversation shows again with what was typed."""
    introduction = get_conversation(request, pk)
    form = _message_form(request, request.lab)
    if form.is_bound and form.is_valid():
        warning = _personal_data_warning(
            form, introduction.other_name(request.user), addresses_private=not introduction.has_reply
        )
        if warning is not None:
            return _conversation_page(request, introduction, form, warning)
        first_reply = not introduction.has_reply and request.user.pk == introduction.recipient_id
        try:
            message = actions.add_message(
                introduction=introduction, author=request.user, body=form.cleaned_data["body"]
            )
        except actions.ConnectRefused as refused:
            form.add_error(None, str(refused))
            return _conversation_page(request, introduction, form)
        messages.success(
            request,
            "Your reply is sent. You can now see each other's email addresses."
            if first_reply
            else f"Your message is sent to {introduction.other_name(request.user)}.",
        )
        return redirect(f"{_conversation_url(request.lab, introduction)}#message-{message.pk}")
    return _conversation_page(request, introduction, form)


@connect_required
@require_http_methods(["GET", "POST"])
def block(request, slug, pk):
    introduction = get_conversation(request, pk)
    other_name = introduction.other_name(request.user)
    if request.method == "POST":
        actions.block_person(blocker=request.user, introduction=introduction)
        messages.success(request, f"You have blocked {other_name}. They cannot send you introductions or messages.")
        return redirect(_conversation_url(request.lab, introduction))
    return render(
        request, "connect/block.jinja", {"lab": request.lab, "introduction": introduction, "other_name": other_name}
    )


@connect_required
@require_http_methods(["GET", "POST"])
def report(request, slug, pk):
    introduction = get_conversation(request, pk)
    other_name = introduction.other_name(request.user)
    already_blocked = request.user.blocks_made.filter(blocked=introduction.other_person(request.user))
    form = ReportForm(request.POST or None, other_name=other_name, offer_block=not already_blocked.exists())
    if request.method == "POST" and form.is_valid():
        also_block = form.cleaned_data.get("also_block", False)
        actions.report_conversation(
            introduction=introduction, reporter=request.user, reason=form.cleaned_data["reason"], also_block=also_block
        )
        messages.success(
            request,
            "Thank you. The lab team will look at this conversation, but not straight away."
            + (f" You have blocked {other_name}." if also_block else ""),
        )
        return redirect(_conversation_url(request.lab, introduction))
    return render(
        request,
        "connect/report.jinja",
        {"lab": request.lab, "introduction": introduction, "other_name": other_name, "form": form},
    )


@connect_required
@require_safe
def blocked(request, slug):
    """Everyone the person has blocked, in any lab, with a button to unblock each."""
    blocks = request.user.blocks_made.select_related("lab")
    return render(request, "connect/blocked.jinja", {"lab": request.lab, "blocks": blocks})


@connect_required
@require_POST
def unblock(request, slug, pk):
    own_block = get_own_block(request, pk)
    actions.unblock(block=own_block)
    messages.success(request, f"You have unblocked {own_block.blocked_name}.")
    return redirect(next_or(request, reverse("connect:blocked", args=[slug])))


# The lab team's pages


@lab_team_required
@require_safe
def reports(request, slug):
    lab = request.lab
    return render(
        request,
        "connect/team_reports.jinja",
        {
            "lab": lab,
            "reports": [ReportView(item) for item in lab.conversation_reports.for_review()],
            "stops": lab.connect_stops.all(),
        },
    )


@lab_team_required
@require_POST
def report_close(request, slug, pk):
    item = get_report_for_team(request, pk)
    try:
        actions.close_report(report=item, by=request.user)
    except actions.ConnectRefused as refused:
        messages.warning(request, str(refused))
    else:
        messages.success(request, "Report closed.")
    return redirect("connect:reports", slug=slug)


@lab_team_required
@require_http_methods(["GET", "POST"])
def stop(request, slug, pk):
    """Stop the person a report is about from sending introductions and messages in this lab."""
    item = get_report_for_team(request, pk)
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.stop_person(report=item, by=request.user, reason=form.cleaned_data["reason"])
        except actions.ConnectRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, f"{ReportView(item).reported_name} can no longer send introductions or messages here."
            )
            return redirect("connect:reports", slug=slug)
    return render(request, "connect/stop.jinja", {"lab": request.lab, "report": ReportView(item), "form": form})


@lab_team_required
@require_POST
def lift_stop(request, slug, pk):
    item = get_stop_for_team(request, pk)
    actions.lift_stop(stop=item)
    messages.success(request, f"{item.name} can use Connect again.")
    return redirect("connect:reports", slug=slug)


@lab_team_required
@require_safe
def flagged_message(request, slug, pk):
    """What the lab team may know about a Connect message that raised a safeguarding flag: who wrote it and
    when, never what it says or to whom, unless one of the two people has reported the conversation."""
    message = get_flagged_message_for_team(request, pk)
    introduction = message.introduction
    return render(
        request,
        "connect/team_flagged.jinja",
        {
            "lab": request.lab,
            "message": message,
            "writer_name": introduction.name_of(message.author_id),
            "is_introduction": introduction.messages.values_list("pk", flat=True).first() == message.pk,
            "introduction": introduction,
            "flag": flag_for_message(message),
            "application": writers_application(message, request.lab),
            "open_reports": open_reports_on(introduction),
        },
    )
