"""Applying to become a lab participant: the form, signing in or creating an account, check, send, status.

Anyone may fill in the form. On "Continue" the answers are saved as a draft on the server and
remembered in this browser's session, so nothing typed is lost while the person signs in or
creates an account (allauth keeps the session's data when it signs them in). They come back to
check their answers, and send them. Every page works with JavaScript off.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from carelab.labs.access import get_lab, private_page, role_in_lab
from carelab.labs.models import Role
from carelab.participants import actions
from carelab.participants.access import (
    draft_in_session,
    forget_draft,
    own_application,
    own_card_in_lab,
    remember_draft,
)
from carelab.participants.forms import ApplicationForm
from carelab.participants.models import Application
from carelab.participants.presenters import ApplicationSummary, EventView, own_consent_rows, status_tag

# Set when a sent application's words suggest the person may be at risk, so the page they land on
# (after the redirect) shows where to get help at once. Holds the lab's id.
CRISIS_SESSION_KEY = "participants_show_crisis_for_lab"


def _show_crisis_next(request, application: Application) -> None:
    if actions.check_application_words(application).has_risk:
        request.session[CRISIS_SESSION_KEY] = application.lab_id


def _nothing_to_apply_for(user, lab) -> bool:
    """Already a participant or in the lab team, or an application is waiting or accepted."""
    if role_in_lab(user, lab) in (Role.PARTICIPANT, Role.TEAM):
        return True
    own = own_application(user, lab)
    return own is not None and own.status in Application.LIVE_STATUSES


@private_page
@login_not_required
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    lab = get_lab(slug)
    if _nothing_to_apply_for(request.user, lab):
        return redirect("participants:application", slug=lab.slug)
    draft = draft_in_session(request, lab)
    initial = ApplicationForm.initial_from(draft) if draft else None
    form = ApplicationForm(request.POST or None, initial=initial, lab=lab)
    if request.method == "POST" and form.is_valid():
        draft, token = actions.save_draft(
            lab,
            answers=form.answers(),
            interests=form.chosen_interests(),
            consents=form.consents(),
            draft=draft,
            user=request.user,
        )
        if token:
            remember_draft(request, lab, token)
        if request.user.is_authenticated:
            return redirect("participants:check", slug=lab.slug)
        return redirect("participants:account", slug=lab.slug)
    return render(request, "participants/apply.jinja", {"lab": lab, "form": form, "has_draft": draft is not None})


@private_page
@login_not_required
@require_safe
def account(request, slug):
    """Sign in or create an account to send the application. Answers wait in the draft meanwhile."""
    lab = get_lab(slug)
    if request.user.is_authenticated:
        return redirect("participants:check", slug=lab.slug)
    if draft_in_session(request, lab) is None:
        return redirect("participants:apply", slug=lab.slug)
    next_query = urlencode({"next": reverse("participants:check", args=[lab.slug])})
    return render(
        request,
        "participants/account.jinja",
        {
            "lab": lab,
            "signup_url": f"{reverse('account_signup')}?{next_query}",
            "login_url": f"{reverse('account_login')}?{next_query}",
            "draft_days": settings.CARELAB_APPLICATION_DRAFT_DAYS,
        },
    )


@private_page
@require_http_methods(["GET", "POST"])
def check(request, slug):
    """Check your answers, then send them. Signed-in only: LoginRequiredMiddleware sends others to sign in."""
    lab = get_lab(slug)
    draft = draft_in_session(request, lab)
    if draft is None:
        if own_application(request.user, lab) is not None:
            return redirect("participants:application", slug=lab.slug)
        return redirect("participants:apply", slug=lab.slug)
    if request.method == "POST":
        try:
            sent = actions.submit_application(draft, request.user)
        except actions.ApplicationRefused as refusal:
            forget_draft(request, lab)
            messages.warning(request, str(refusal))
            return redirect("participants:application", slug=lab.slug)
        forget_draft(request, lab)
        _show_crisis_next(request, sent)
        messages.success(request, "Thank you. Your application has been sent to the lab team.")
        return redirect("participants:application", slug=lab.slug)
    summary = ApplicationSummary(draft, change_url=reverse("participants:apply", args=[lab.slug]))
    return render(
        request,
        "participants/check.jinja",
        # Where to get help shows as soon as the words are written, before anything is sent.
        {"lab": lab, "summary": summary, "show_crisis": actions.check_application_words(draft).has_risk},
    )


@private_page
@require_safe
def application(request, slug):
    """Your application: where it has got to, and what the lab team said."""
    lab = get_lab(slug)
    own = own_application(request.user, lab)
    decisions = []
    if own is not None:
        decisions = [EventView(event) for event in own.events.select_related("actor") if event.is_decision]
    has_card = own_card_in_lab(request.user, lab) is not None
    show_crisis = request.session.get(CRISIS_SESSION_KEY) == lab.pk
    if show_crisis:
        del request.session[CRISIS_SESSION_KEY]
    own_card = request.user.profile_cards.filter(lab=lab).first() if own is not None else None
    return render(
        request,
        "participants/application.jinja",
        {
            "lab": lab,
            "application": own,
            "status_tag": status_tag(own) if own else None,
            "summary": ApplicationSummary(own) if own else None,
            "consent_rows": own_consent_rows(own, own_card) if own else [],
            "decisions": decisions,
            "role": role_in_lab(request.user, lab),
            "has_card": has_card,
            "draft": draft_in_session(request, lab),
            "show_crisis": show_crisis,
        },
    )


@private_page
@require_http_methods(["GET", "POST"])
def update(request, slug):
    """Add to an application after the lab team asked for more information, and send it again."""
    lab = get_lab(slug)
    own = own_application(request.user, lab)
    if own is None or own.status != Application.Status.MORE_INFO:
        return redirect("participants:application", slug=lab.slug)
    form = ApplicationForm(request.POST or None, initial=ApplicationForm.initial_from(own), lab=lab)
    if request.method == "POST" and form.is_valid():
        try:
            sent = actions.resubmit_application(
                own, answers=form.answers(), interests=form.chosen_interests(), consents=form.consents()
            )
        except actions.ApplicationRefused as refusal:
            messages.warning(request, str(refusal))
        else:
            _show_crisis_next(request, sent)
            messages.success(request, "Thank you. Your updated application has been sent to the lab team.")
        return redirect("participants:application", slug=lab.slug)
    question = next((EventView(event) for event in reversed(own.events.all()) if event.is_decision), None)
    return render(request, "participants/update.jinja", {"lab": lab, "form": form, "question": question})
