"""Changing your mind about answers you sent: delete them, or withdraw a consent.

A person reaches their sent answers through their account (answers they linked to it), or with
the reference and private code the confirmation page gave them, which let this browser change
that response (docs/decisions/0016-deleting-survey-responses.md). Everyone else gets a 404, as
if the answers did not exist. Every page works with JavaScript off; none is cached.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from carelab.surveys.access import (
    drafts_of,
    find_response_by_code,
    get_response_for_person,
    grant_response,
    normalised_reference,
    responses_of,
)
from carelab.surveys.actions import changing
from carelab.surveys.forms_answering import CONSENT_STATEMENTS
from carelab.surveys.forms_changing import FindAnswersForm
from carelab.surveys.presenters import ConsentRow, consent_rows

DELETED_KEY = "survey-answers-deleted"

# What each withdrawal page says will happen, in the person's words.
WITHDRAWAL_PAGES = {
    "health_data": {
        "heading": "Stop the lab using your answers",
        "effect": "Your answers can only be used with your agreement, so we will delete them straight away.",
        "button": "Withdraw and delete my answers",
    },
    "quote": {
        "heading": "Stop the lab quoting your words",
        "effect": (
            "The lab team will no longer quote anything you wrote, from now on. Your answers stay in the "
            "lab's results. Anything the lab has already published cannot always be taken back: ask the lab "
            "team if you want something removed."
        ),
        "button": "Withdraw agreement to be quoted",
    },
    "contact": {
        "heading": "Stop the lab contacting you",
        "effect": (
            "We will delete the e-mail address you gave straight away, so the lab team cannot contact you "
            "about these answers. Your answers stay in the lab's results."
        ),
        "button": "Withdraw and delete my e-mail address",
    },
}


def _back_url(request) -> str:
    return "survey_answers:list" if request.user.is_authenticated else "survey_answers:find"


@never_cache
@require_safe
def your_answers(request):
    """The sent answers a person linked to their account, and the unfinished ones to carry on with."""
    responses = list(responses_of(request.user))
    drafts = list(drafts_of(request.user))
    return render(request, "surveys/yours/list.jinja", {"responses": responses, "drafts": drafts})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def find(request):
    """Open sent answers with the reference and private code given when they were sent."""
    form = FindAnswersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant_response(request, form.response)
        return redirect("survey_answers:manage", form.response.reference)
    status = 400 if form.is_bound else 200
    return render(request, "surveys/yours/find.jinja", {"form": form}, status=status)


@login_not_required
@never_cache
@require_safe
def open_link(request, reference, code):
    """The private link: checks the code, lets this browser change the answers, and moves on to a
    page whose address holds no code (so it is not left in the address bar or sent on as a referrer)."""
    response = find_response_by_code(reference, code)
    if response is None:
        form = FindAnswersForm(initial={"reference": normalised_reference(reference)})
        return render(request, "surveys/yours/find.jinja", {"form": form, "link_failed": True}, status=404)
    grant_response(request, response)
    return redirect("survey_answers:manage", response.reference)


def _context(response) -> dict:
    return {
        "response": response,
        "survey": response.survey,
        "lab": response.survey.lab,
        "consents": consent_rows(response),
        "contact_email": getattr(getattr(response, "contact", None), "email", ""),
    }


@login_not_required
@never_cache
@require_safe
def manage(request, reference):
    response = get_response_for_person(request, reference)
    return render(request, "surveys/yours/manage.jinja", {**_context(response), "back": _back_url(request)})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete(request, reference):
    response = get_response_for_person(request, reference)
    if request.method == "POST":
        changing.delete_survey_response(response)
        return _deleted(request, response)
    return render(request, "surveys/yours/delete.jinja", _context(response))


def _deleted(request, response):
    request.session[DELETED_KEY] = {"reference": response.reference, "survey": response.survey.title}
    return redirect("survey_answers:deleted")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request, reference, consent):
    if consent not in changing.WITHDRAWABLE:
        raise Http404("There is no such agreement to withdraw.")
    response = get_response_for_person(request, reference)
    row: ConsentRow = next(row for row in consent_rows(response) if row.name == consent)
    if not row.held:
        messages.info(request, "You had not given that agreement, or you have already withdrawn it.")
        return redirect("survey_answers:manage", response.reference)
    if request.method == "POST":
        try:
            changing.withdraw_survey_consent(response, consent)
        except changing.ConsentNotHeld:  # withdrawn a moment ago in another tab
            messages.info(request, "You had already withdrawn that agreement.")
            return redirect("survey_answers:manage", response.reference)
        if consent == "health_data":
            return _deleted(request, response)
        messages.success(request, f"Done. You have withdrawn this agreement: “{CONSENT_STATEMENTS[consent]}”")
        return redirect("survey_answers:manage", response.reference)
    return render(
        request,
        "surveys/yours/withdraw.jinja",
        {**_context(response), "row": row, "page": WITHDRAWAL_PAGES[consent]},
    )


@login_not_required
@never_cache
@require_safe
def deleted(request):
    done = request.session.pop(DELETED_KEY, None)
    return render(request, "surveys/yours/deleted.jinja", {"done": done, "back": _back_url(request)})
