"""Withdrawing a consent given on an application or a profile card, and giving it again (decision 0018).

Each page says what the consent was and what withdrawing (or giving) it does, with one button.
Reached from the person's application page, their card and "Your data"; a posted `next` takes them
back where they came from.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from carelab.core.redirects import next_or
from carelab.labs.access import get_lab, private_page
from carelab.participants import actions
from carelab.participants.access import OwnConsent, get_consent_to_give_again, get_consent_to_withdraw
from carelab.participants.forms import CardConsentForm
from carelab.participants.models import ConsentUse

# What withdrawing each consent does, in the words the confirmation page uses.
WITHDRAWING_DOES = {
    ConsentUse.USE_APPLICATION: "The lab team will no longer see your answers or use them. ",
    ConsentUse.CONTACT: "From now on, the lab team will stop emailing you about the lab's activities and updates.",
    ConsentUse.QUOTE: "The lab team will not quote what you say in anything the lab publishes from now on.",
    ConsentUse.PROFILE_CARD: "Your profile card will be hidden from everyone at once: the participant directory, "
    "organisation pages and Connect. Nobody can send you a new introduction through it.",
}
WAITING_APPLICATION_WITHDRAWN = (
    "Because the lab team has not decided on your application yet, it will be withdrawn and deleted. "
    "You can apply again at any time."
)
ACCEPTED_APPLICATION_KEPT = (
    "You stay a participant of the lab, and you can still see your application here. "
    "What you agreed to otherwise stays as it is."
)


def _back(request, lab) -> str:
    return next_or(request, reverse("participants:application", args=[lab.slug]))


def _next_from_query(request) -> str:
    target = request.GET.get("next", "")
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) else ""


def _what_withdrawing_does(consent: OwnConsent) -> str:
    said = WITHDRAWING_DOES[consent.use]
    if consent.use == ConsentUse.USE_APPLICATION:
        waiting = consent.application is not None and consent.application.can_be_decided
        said += WAITING_APPLICATION_WITHDRAWN if waiting else ACCEPTED_APPLICATION_KEPT
    return said


@private_page
@require_http_methods(["GET", "POST"])
def withdraw_consent(request, slug, use):
    lab = get_lab(slug)
    consent = get_consent_to_withdraw(request, lab, use)
    if request.method == "POST":
        if consent.on_card:
            actions.withdraw_card_consent(consent.card)
        else:
            actions.withdraw_application_consent(consent.application, consent.use)
        messages.success(request, f"You have withdrawn your consent: {consent.use.label.lower()}.")
        return redirect(_back(request, lab))
    return render(
        request,
        "participants/consent_withdraw.jinja",
        {"lab": lab, "consent": consent, "does": _what_withdrawing_does(consent), "next": _next_from_query(request)},
    )


@private_page
@require_http_methods(["GET", "POST"])
def give_consent(request, slug, use):
    lab = get_lab(slug)
    consent = get_consent_to_give_again(request, lab, use)
    bound = request.POST if request.method == "POST" else None  # an empty POST must still show its errors
    form = CardConsentForm(bound) if consent.use == ConsentUse.PROFILE_CARD else None
    if request.method == "POST" and (form is None or form.is_valid()):
        visibility = form.cleaned_data["visibility"] if form else ""
        if consent.on_card:
            actions.give_card_consent(consent.card, visibility)
        else:
            actions.give_application_consent(consent.application, consent.use, visibility=visibility)
        messages.success(request, f"Thank you. You have given your consent: {consent.use.label.lower()}.")
        return redirect(_back(request, lab))
    return render(
        request,
        "participants/consent_give.jinja",
        {"lab": lab, "consent": consent, "form": form, "next": request.POST.get("next") or _next_from_query(request)},
    )
