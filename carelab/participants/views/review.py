"""The lab team's side: the applications queue, an application, decisions, message templates and topics."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.core.pagination import pagination
from carelab.core.redirects import next_or
from carelab.labs.access import lab_team_required
from carelab.participants import actions
from carelab.participants.access import (
    cards_in_lab,
    flag_for_card,
    get_application_for_team,
    get_card_for_team,
    get_topic_for_team,
)
from carelab.participants.forms import (
    DECISION_LABELS,
    CardChangeRequestForm,
    DecisionForm,
    MessageTemplatesForm,
    QueueFilterForm,
    TopicForm,
)
from carelab.participants.letters import PLACEHOLDERS
from carelab.participants.models import ApplicationEvent
from carelab.participants.presenters import (
    ApplicationSummary,
    CardEventView,
    EventView,
    findings_for_team,
    review_tag,
    status_tag,
    visibility_tag,
)
from carelab.safeguarding.access import flag_for_source_or_none
from carelab.safeguarding.models import SafeguardingFlag, flag_for_source

APPLICATION = SafeguardingFlag.Source.APPLICATION

APPLICATIONS_PER_PAGE = 25
CARDS_PER_PAGE = 25

# The decision in the address, and what the page and button say.
DECISIONS = {
    "accept": (ApplicationEvent.Action.ACCEPTED, "Accept this application", "Accept and send message"),
    "decline": (ApplicationEvent.Action.DECLINED, "Do not accept this application", "Do not accept, and send message"),
    "more-info": (ApplicationEvent.Action.MORE_INFO, "Ask for more information", "Send question"),
}
DONE_MESSAGES = {
    ApplicationEvent.Action.ACCEPTED: "{name} is now a participant of the lab. We have emailed them your message.",
    ApplicationEvent.Action.DECLINED: "Application not accepted. We have emailed {name} your message.",
    ApplicationEvent.Action.MORE_INFO: "We have emailed {name} your question. Their application will come back "
    "to the queue when they answer.",
}


@lab_team_required
@require_safe
def queue(request, slug):
    lab = request.lab
    filters = QueueFilterForm(request.GET or None)
    status = filters.status_wanted()
    region = filters.region_wanted()
    applications = lab.applications.for_review().annotate(safeguarding_flag_id=flag_for_source(APPLICATION))
    if status != "all":
        applications = applications.filter(status=status)
    if region:
        applications = applications.filter(region=region)
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(application, status_tag(application)) for application in page]
    return render(
        request,
        "participants/team/queue.jinja",
        {
            "lab": lab,
            "filters": filters,
            "status": status,
            "counts": lab.applications.counts_by_status(),
            "page": page,
            "rows": rows,
            "page_links": pagination(page, request.path, request.GET),
        },
    )


@lab_team_required
@require_safe
def detail(request, slug, pk):
    application = get_application_for_team(request, pk)
    return render(
        request,
        "participants/team/detail.jinja",
        {
            "lab": request.lab,
            "application": application,
            "status_tag": status_tag(application),
            "flag": flag_for_source_or_none(request.lab, APPLICATION, application.pk),
            "summary": ApplicationSummary(application, link_organisations_in=request.lab),
            "events": [EventView(event) for event in application.events.select_related("actor")],
            "decisions": DECISIONS,
        },
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def decide(request, slug, pk, decision):
    if decision not in DECISIONS:
        raise Http404("No such decision.")
    action, heading, button_text = DECISIONS[decision]
    application = get_application_for_team(request, pk)
    if not application.can_be_decided:
        messages.warning(request, f"This application is “{application.get_status_display()}” already.")
        return redirect("participants:review_detail", slug=slug, pk=application.pk)
    form = DecisionForm(request.POST or None, initial={"message": actions.draft_message(application, action)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide(application, decision=action, reviewer=request.user, message=form.cleaned_data["message"])
        except actions.ApplicationRefused as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(request, DONE_MESSAGES[action].format(name=application.applicant_name))
            return redirect("participants:review_queue", slug=slug)
        return redirect("participants:review_detail", slug=slug, pk=application.pk)
    return render(
        request,
        "participants/team/decide.jinja",
        {
            "lab": request.lab,
            "application": application,
            "form": form,
            "heading": heading,
            "button_text": button_text,
            "accepting": action == ApplicationEvent.Action.ACCEPTED,
        },
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def message_templates(request, slug):
    lab = request.lab
    initial = {str(decision): actions.message_template(lab, decision) for decision in DECISION_LABELS}
    form = MessageTemplatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_message_templates(lab, form.cleaned_data, by=request.user)
        messages.success(request, "Message templates saved. Reviewers start from these from now on.")
        return redirect("participants:review_queue", slug=lab.slug)
    return render(request, "participants/team/messages.jinja", {"lab": lab, "form": form, "placeholders": PLACEHOLDERS})


@lab_team_required
@require_http_methods(["GET", "POST"])
def topics(request, slug):
    lab = request.lab
    form = TopicForm(request.POST or None, lab=lab)
    if request.method == "POST" and form.is_valid():
        topic = actions.add_topic(lab, form.cleaned_data["name"])
        messages.success(request, f"Topic “{topic.name}” added.")
        return redirect("participants:topics", slug=lab.slug)
    return render(
        request,
        "participants/team/topics.jinja",
        {"lab": lab, "form": form, "topics": lab.topics.all()},
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def topic_edit(request, slug, pk):
    topic = get_topic_for_team(request, pk)
    form = TopicForm(request.POST or None, lab=request.lab, topic=topic, initial={"name": topic.name})
    if request.method == "POST" and form.is_valid():
        actions.rename_topic(topic, form.cleaned_data["name"])
        messages.success(request, f"Topic renamed to “{topic.name}”.")
        return redirect("participants:topics", slug=slug)
    return render(
        request,
        "participants/team/topic_edit.jinja",
        {
            "lab": request.lab,
            "topic": topic,
            "form": form,
            "card_count": topic.profile_cards.count(),
            "application_count": topic.applications.count(),
        },
    )


@lab_team_required
@require_POST
def topic_delete(request, slug, pk):
    topic = get_topic_for_team(request, pk)
    actions.delete_topic(topic)
    messages.success(request, f"Topic “{topic.name}” removed.")
    return redirect("participants:topics", slug=slug)


# Profile cards waiting for the lab team's check


@lab_team_required
@require_safe
def held_cards(request, slug):
    """Cards whose words tripped the risk or personal-data check, the longest waiting first."""
    lab = request.lab
    page = Paginator(cards_in_lab(lab).for_review(), CARDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/team/held_cards.jinja",
        {
            "lab": lab,
            "page": page,
            "rows": [(card, review_tag(card), visibility_tag(card), findings_for_team(card)) for card in page],
            "page_links": pagination(page, request.path, request.GET),
        },
    )


def _render_held_card(request, card, form, status=200):
    flag = flag_for_card(card)
    return render(
        request,
        "participants/team/held_card.jinja",
        {
            "lab": request.lab,
            # Not "card": the layout imports the NHS.UK card macro under that name.
            "profile_card": card,
            "review_tag": review_tag(card),
            "visibility_tag": visibility_tag(card),
            "findings": findings_for_team(card),
            "flag": flag,
            "events": [CardEventView(event) for event in card.review_events.select_related("actor")],
            "form": form,
        },
        status=status,
    )


@lab_team_required
@require_safe
def held_card(request, slug, pk):
    card = get_card_for_team(request, pk)
    return _render_held_card(request, card, CardChangeRequestForm())


@lab_team_required
@require_POST
def approve_card(request, slug, pk):
    card = get_card_for_team(request, pk)
    try:
        actions.approve_card(card, by=request.user)
    except actions.CardReviewRefused as refusal:
        messages.warning(request, str(refusal))
        return redirect("participants:held_card", slug=slug, pk=card.pk)
    messages.success(request, f"{card.display_name}’s card is approved and shown as they chose.")
    return redirect(next_or(request, reverse("participants:held_cards", args=[slug])))


@lab_team_required
@require_POST
def ask_card_change(request, slug, pk):
    """Ask the person to change their card; with a problem, the card's page shows again with what was typed."""
    card = get_card_for_team(request, pk)
    form = CardChangeRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.ask_for_card_change(card, by=request.user, message=form.cleaned_data["message"])
        except actions.CardReviewRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                f"We have emailed {card.user.public_name} your message. Their card stays hidden until it changes.",
            )
            return redirect("participants:held_cards", slug=slug)
    return _render_held_card(request, card, form)
