from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.core.pagination import pagination
from carelab.labs.access import get_lab, is_lab_team, is_participant, lab_team_required
from carelab.lib.markdown import plain_text
from carelab.updates import actions
from carelab.updates.access import (
    BadUnsubscribeLink,
    get_sent_update,
    get_update_for_team,
    not_for_you,
    person_for_unsubscribe,
    update_readers_only,
)
from carelab.updates.audience import audience_for, wants_email
from carelab.updates.emails import update_email
from carelab.updates.forms import AudienceForm, EmailChoiceForm, UpdateForm
from carelab.updates.models import Update
from carelab.updates.presenters import (
    DeliveryCounts,
    audience_lines,
    audience_sentence,
    count_text,
    email_choice_text,
    recipients_text,
    sent_text,
    status_tag,
)

UPDATES_PER_PAGE = 20
TEAM_UPDATES_PER_PAGE = 25
SUMMARY_LENGTH = 200


def _posted(request):
    return request.POST if request.method == "POST" else None


# Participants and the lab team read sent updates


@update_readers_only
@require_safe
def update_list(request, slug):
    lab = request.lab
    page = Paginator(lab.updates.newest_sent_first(), UPDATES_PER_PAGE).get_page(request.GET.get("page"))
    participant = is_participant(request.user, lab)
    return render(
        request,
        "updates/list.jinja",
        {
            "lab": lab,
            "page": page,
            "updates": [(update, plain_text(update.body, SUMMARY_LENGTH)) for update in page],
            "page_links": pagination(page, request.path),
            "is_participant": participant,
            "email_choice": email_choice_text(wants_email(request.user, lab)) if participant else "",
            "is_team": is_lab_team(request.user, lab),
        },
    )


@update_readers_only
@require_safe
def update_detail(request, slug, pk):
    update = get_sent_update(request, pk)
    return render(
        request,
        "updates/detail.jinja",
        {
            "lab": request.lab,
            "update": update,
            "sent": sent_text(update),
            "audience": audience_sentence(audience_lines(update)),
            "is_team": is_lab_team(request.user, request.lab),
        },
    )


@require_http_methods(["GET", "POST"])
def email_choice(request, slug):
    """A participant turns update e-mails on or off."""
    lab = get_lab(slug)
    if not is_participant(request.user, lab):
        return not_for_you(request, lab)
    current = wants_email(request.user, lab)
    form = EmailChoiceForm(_posted(request), initial={"wants_email": "yes" if current else "no"})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["wants_email"]
        actions.choose_emails(request.user, lab, wants_email=chosen)
        messages.success(
            request,
            "We will e-mail you the lab team's updates."
            if chosen
            else "We will not e-mail you updates any more. You can still read them here.",
        )
        return redirect("updates:list", slug=lab.slug)
    return render(
        request, "updates/email_choice.jinja", {"lab": lab, "form": form, "current": email_choice_text(current)}
    )


# Unsubscribe links in e-mails work without signing in. The view is exempt from CSRF protection
# because mail programs send RFC 8058 one-click unsubscribes as a POST from outside the site,
# with no CSRF cookie or token. The signed token in the address stands in for one: only someone
# with the e-mail can make the request, and the most it can do is stop that person's update e-mails.
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, slug, token):
    lab = get_lab(slug)
    try:
        person = person_for_unsubscribe(lab, token)
    except BadUnsubscribeLink as bad:
        return render(request, "updates/unsubscribe_invalid.jinja", {"lab": lab}, status=bad.status)
    if request.method == "POST":
        # GET never changes anything: mail scanners follow links in e-mails.
        actions.unsubscribe(person, lab, one_click=request.POST.get("List-Unsubscribe") == "One-Click")
        return render(request, "updates/unsubscribed.jinja", {"lab": lab})
    return render(
        request,
        "updates/unsubscribe.jinja",
        {"lab": lab, "already_off": not wants_email(person, lab)},
    )


# The lab team's pages


@lab_team_required
@require_safe
def team_list(request, slug):
    lab = request.lab
    page = Paginator(lab.updates.for_team_list(), TEAM_UPDATES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(update, status_tag(update), sent_text(update), recipients_text(update)) for update in page]
    return render(
        request,
        "updates/team_list.jinja",
        {"lab": lab, "page": page, "rows": rows, "page_links": pagination(page, request.path)},
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def create(request, slug):
    form = UpdateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        update = actions.save_draft(
            Update(lab=request.lab),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
        )
        messages.success(request, "Draft saved. Now choose who it is for.")
        return redirect("updates:audience", slug=slug, pk=update.pk)
    return render(request, "updates/form.jinja", {"lab": request.lab, "form": form, "heading": "Write an update"})


def _refuse_if_sent(request, update: Update):
    if update.is_sent:
        messages.warning(request, actions.ALREADY_SENT)
        return redirect("updates:team_detail", slug=update.lab.slug, pk=update.pk)
    return None


@lab_team_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, pk):
    update = get_update_for_team(request, pk)
    if refused := _refuse_if_sent(request, update):
        return refused
    form = UpdateForm(_posted(request), instance=update)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_draft(update, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"], by=None)
        except actions.UpdateRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Draft saved.")
            return redirect("updates:team_detail", slug=slug, pk=update.pk)
    return render(request, "updates/form.jinja", {"lab": request.lab, "form": form, "heading": "Change the update"})


@lab_team_required
@require_http_methods(["GET", "POST"])
def audience(request, slug, pk):
    update = get_update_for_team(request, pk)
    if refused := _refuse_if_sent(request, update):
        return refused
    form = AudienceForm(_posted(request), lab=request.lab, initial=AudienceForm.initial_from(update))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_audience(update, **form.audience())
        except actions.UpdateRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("updates:team_detail", slug=slug, pk=update.pk)
    return render(request, "updates/audience.jinja", {"lab": request.lab, "update": update, "form": form})


@lab_team_required
@require_safe
def team_detail(request, slug, pk):
    """A draft: how it reads and who it will go to, with the button to send. A sent update: how its e-mails went."""
    update = get_update_for_team(request, pk)
    context = {
        "lab": request.lab,
        "update": update,
        "tag": status_tag(update),
        "sent": sent_text(update),
        "audience": audience_lines(update),
    }
    if update.is_sent:
        counts = dict(update.deliveries.values_list("status").annotate(count=Count("pk")).order_by())
        context["counts"] = DeliveryCounts.of(counts)
        context["sent_by"] = update.sent_by.public_name if update.sent_by_id else "Someone no longer on CareLab"
    else:
        matched = audience_for(update)
        context["recipients"] = count_text(len(matched.recipients))
        context["recipient_count"] = len(matched.recipients)
        context["not_emailed"] = matched.not_emailed_count
        context["matching"] = len(matched.matching)
        context["email"] = update_email(update, name="[their name]", unsubscribe_link="[their own unsubscribe link]")
    return render(request, "updates/team_detail.jinja", context)


@lab_team_required
@require_POST
def send(request, slug, pk):
    update = get_update_for_team(request, pk)
    update, sent_now = actions.send_update(update, by=request.user)
    if sent_now:
        emailed = update.deliveries.count()
        messages.success(
            request,
            f"Update sent. We are e-mailing it to {count_text(emailed)}; every participant can read it on the site.",
        )
    else:
        messages.warning(request, "This update had already been sent, so nothing more was done.")
    return redirect("updates:team_detail", slug=slug, pk=update.pk)


@lab_team_required
@require_http_methods(["GET", "POST"])
def delete(request, slug, pk):
    update = get_update_for_team(request, pk)
    if refused := _refuse_if_sent(request, update):
        return refused
    if request.method == "POST":
        try:
            actions.delete_draft(update)
        except actions.UpdateRefused as refusal:
            messages.warning(request, str(refusal))
            return redirect("updates:team_detail", slug=slug, pk=update.pk)
        messages.success(request, f"Draft “{update.subject}” deleted.")
        return redirect("updates:team_list", slug=slug)
    return render(request, "updates/delete.jinja", {"lab": request.lab, "update": update})
