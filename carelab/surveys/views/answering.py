"""Answering a survey: start, one page per section, check, submit, confirmation, resume.

No sign-in is needed. The response being answered is kept in the session (its id, and the
resume link's token so the link can be shown on every page); the resume link puts it back in
any browser. A signed-in person who linked a draft to their account gets it back by opening the
survey (the start page takes them to where they left off), in any browser. Every page works
with JavaScript off.

A survey in several languages shows links to each on the start, question and check pages
(``?language=cy``); the choice is kept in the session and, once a page is saved, with the draft.
"""

import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.core.addresses import address
from carelab.core.page_cache import public_page
from carelab.labs.access import get_lab, private_page
from carelab.lib.survey_definition import SurveyDefinition
from carelab.lib.survey_languages import find_language, localised
from carelab.surveys.access import (
    SurveyNotOpen,
    draft_linked_to_account,
    get_survey_for_respondent,
    grant_response,
    response_in_session,
)
from carelab.surveys.actions import answering as actions
from carelab.surveys.forms_answering import (
    RETURN_FIELD,
    EmailLinkForm,
    SectionForm,
    StartForm,
    with_other_conditional,
)
from carelab.surveys.models import Survey, SurveyResponse
from carelab.surveys.presenters import AnswerSummary, display_code, form_language
from carelab.surveys.runtime import SurveyPages, safety_findings

logger = logging.getLogger(__name__)


def _session_key(survey: Survey) -> str:
    return f"survey-{survey.pk}"


def _remember(request, survey: Survey, response: SurveyResponse, token: str | None) -> None:
    request.session[_session_key(survey)] = {"response": response.pk, "token": token}


def _remembered(request, survey: Survey) -> dict:
    return request.session.get(_session_key(survey)) or {}


def _language_key(survey: Survey) -> str:
    return f"survey-{survey.pk}-language"


# The button a question page's language choices send: the page's answers come with it, so nothing typed is lost.
LANGUAGE_FIELD = "carelab-language"


def _chosen_language(request, survey: Survey, definition: SurveyDefinition, response=None) -> str:
    """The language to show the form's words in: the one just chosen by a language link or button (remembered
    in the session), the one chosen earlier in this browser or saved with the draft, or else the survey's first."""
    chosen = find_language(definition, request.GET.get("language", "") or request.POST.get(LANGUAGE_FIELD, ""))
    if chosen:
        request.session[_language_key(survey)] = chosen
        return chosen
    for remembered in (request.session.get(_language_key(survey)), response.language if response else ""):
        if remembered and remembered in definition.languages:
            return remembered
    return survey.first_language(definition)


def _language_context(request, definition: SurveyDefinition, language: str) -> dict:
    return {"form_language": form_language(definition, language, request.path, request.GET)}


def _response_in_session(request, survey: Survey) -> SurveyResponse | None:
    """The response this browser is answering, if any (a draft, or one just submitted)."""
    response_id = _remembered(request, survey).get("response")
    if response_id is None:
        return None
    response = response_in_session(survey, response_id)
    if response is not None:
        # Usually the version the survey already brought: no second copy of its definition to read.
        current = survey.current_version
        response.version = current if current and current.pk == response.version_id else response.version
    return response


def _survey_or_closed_page(request, slug, survey_slug):
    """(survey, None) for a survey this person may answer, or (None, the page saying it is not open)."""
    lab = get_lab(slug)
    try:
        return get_survey_for_respondent(request, lab, survey_slug), None
    except SurveyNotOpen as not_open:  # a closed survey deserves a clear page, not a bare 404
        context = {"lab": lab, "survey": not_open.survey, "not_yet": not_open.not_yet}
        return None, render(request, "surveys/answer/closed.jinja", context, status=404)


def answerable_survey(view):
    """Give the view the survey this person may answer, or show the page saying it is not open."""

    @wraps(view)
    @private_page  # a person's answers, often about their health
    def wrapper(request, slug, survey_slug, *args, **kwargs):
        survey, closed_page = _survey_or_closed_page(request, slug, survey_slug)
        if closed_page:
            return closed_page
        return view(request, slug, survey_slug, *args, survey=survey, **kwargs)

    return wrapper


def _journey_context(request, survey, response, pages) -> dict:
    """What every page after the start shows: the resume link and, when needed, where to get help now."""
    token = _remembered(request, survey).get("token")
    resume_url = (
        request.build_absolute_uri(address("surveys:resume", survey.lab.slug, survey.slug, token))
        if token and response.status == SurveyResponse.Status.DRAFT
        else ""
    )
    findings = safety_findings(pages, response.answers, survey.lab.risk_phrase_list())
    return {
        "lab": survey.lab,
        "survey": survey,
        "response": response,
        "resume_url": resume_url,
        "show_crisis": findings.show_crisis,
        "continue_url": _continue_url(survey, response, pages),
    }


def _continue_url(survey: Survey, response: SurveyResponse, pages) -> str:
    number = pages.first_page_to_resume(response.answers, response.last_section)
    if number is None:
        return address("surveys:check", survey.lab.slug, survey.slug)
    return address("surveys:section", survey.lab.slug, survey.slug, number)


def _where_next(survey: Survey, response: SurveyResponse, pages, after: int = 0):
    number = pages.first_page_to_resume(response.answers, after)
    if number is None:
        return redirect("surveys:check", survey.lab.slug, survey.slug)
    return redirect("surveys:section", survey.lab.slug, survey.slug, number)


@login_not_required
@require_http_methods(["GET", "POST"])
@public_page
@answerable_survey
def start(request, slug, survey_slug, *, survey):
    form = StartForm(request.POST or None, user=request.user)
    definition = survey.current_version.parsed()
    language = _chosen_language(request, survey, definition)
    if request.method == "POST" and form.is_valid():
        response, token = actions.start_response(
            survey,
            consents=form.consents(),
            contact_email=form.contact_email(),
            user=request.user if form.cleaned_data.get("link_account") else None,
            language=language if definition.languages else "",
        )
        _remember(request, survey, response, token)
        return _where_next(survey, response, actions.pages_for(response))

    in_progress = _response_in_session(request, survey)
    if request.method == "GET" and (in_progress is None or in_progress.status != SurveyResponse.Status.DRAFT):
        # Signed in with unfinished answers saved to their account (in another browser, or before
        # signing in here): take them back to where they left off. A draft this browser is already
        # answering comes first, so nothing started here is lost.
        linked = draft_linked_to_account(request, survey)
        if linked is not None:
            _remember(request, survey, linked, None)
            messages.info(
                request,
                "You have already started this survey, so we have taken you to where you left off. "
                "Your answers so far are saved to your account.",
            )
            return _where_next(survey, linked, actions.pages_for(linked), after=linked.last_section)

    pages = SurveyPages(localised(definition, language), phq9_item9_enabled=survey.phq9_item9_enabled)
    return render(
        request,
        "surveys/answer/start.jinja",
        {
            "lab": survey.lab,
            "survey": survey,
            "form": form,
            "minutes": pages.estimated_minutes(),
            "section_count": len(definition.sections),
            "has_required_questions": any(
                question.required for section in definition.sections for question in section.questions
            ),
            "continue_url": _continue_url(survey, in_progress, actions.pages_for(in_progress))
            if in_progress and in_progress.status == SurveyResponse.Status.DRAFT
            else "",
            **_language_context(request, definition, language),
        },
    )


def _draft_or_redirect(request, survey):
    """The draft in the session, or a redirect: to the start without one, to the confirmation once submitted."""
    response = _response_in_session(request, survey)
    if response is None:
        return None, redirect("surveys:start", survey.lab.slug, survey.slug)
    if response.status == SurveyResponse.Status.SUBMITTED:
        return None, redirect("surveys:confirmation", survey.lab.slug, survey.slug)
    return response, None


@login_not_required
@require_http_methods(["GET", "POST"])
@answerable_survey
def section(request, slug, survey_slug, number, *, survey):
    response, elsewhere = _draft_or_redirect(request, survey)
    if elsewhere:
        return elsewhere
    definition = response.version.parsed()
    language = _chosen_language(request, survey, definition, response)
    pages = actions.pages_for(response, language=language)
    this_section = pages.section(number)
    if this_section is None:
        raise Http404("There is no such page in this survey.")
    returning_to_check = (request.POST if request.method == "POST" else request.GET).get("return") == "check" or (
        request.POST.get(RETURN_FIELD) == "check"
    )
    if not pages.is_shown(this_section, response.answers):
        return _where_next(survey, response, pages, after=number)

    form = SectionForm(pages, this_section, response.answers, request.POST if request.method == "POST" else None)
    if request.method == "POST" and LANGUAGE_FIELD in request.POST:
        # Another language chosen part-way through the page: show it again in that language with what was
        # typed, saving nothing and finding nothing wrong yet.
        form.errors.clear()
        form.error_targets.clear()
    elif request.method == "POST" and form.is_valid():
        try:
            actions.save_section(response, number, form.cleaned, language=language if definition.languages else None)
        except actions.ResponseAlreadySubmitted:
            return redirect("surveys:confirmation", survey.lab.slug, survey.slug)
        if returning_to_check:
            return redirect("surveys:check", survey.lab.slug, survey.slug)
        return _where_next(survey, response, pages, after=number)

    previous = pages.previous_number(number, response.answers)
    back_url = (
        address("surveys:check", slug, survey_slug)
        if returning_to_check
        else address("surveys:section", slug, survey_slug, previous)
        if previous
        else address("surveys:start", slug, survey_slug)
    )
    widgets = form.widgets()
    return render(
        request,
        "surveys/answer/section.jinja",
        {
            **_journey_context(request, survey, response, pages),
            "form": form,
            "section": this_section,
            "section_title": pages.section_title(this_section),
            "number": number,
            "section_count": len(pages.sections),
            "instrument": pages.instrument(this_section),
            "widgets": widgets,
            "with_other_conditional": with_other_conditional,
            "back_url": back_url,
            "returning_to_check": returning_to_check,
            "has_hidden_by_condition": any(field_.question.relevant for field_ in form.fields),
            "language_field": LANGUAGE_FIELD,
            **_language_context(request, definition, language),
        },
    )


@login_not_required
@require_safe
@answerable_survey
def check(request, slug, survey_slug, *, survey):
    response, elsewhere = _draft_or_redirect(request, survey)
    if elsewhere:
        return elsewhere
    return _check_page(request, survey, response)


def _check_page(request, survey, response, *, problem: str = "", status: int = 200):
    definition = response.version.parsed()
    language = _chosen_language(request, survey, definition, response)
    pages = actions.pages_for(response, language=language)
    last = pages.previous_number(len(pages.sections) + 1, response.answers)
    return render(
        request,
        "surveys/answer/check.jinja",
        {
            **_journey_context(request, survey, response, pages),
            "summary": AnswerSummary(pages, response.answers, survey),
            "back_url": reverse("surveys:section", args=[survey.lab.slug, survey.slug, last])
            if last
            else reverse("surveys:start", args=[survey.lab.slug, survey.slug]),
            "problem": problem,
            **_language_context(request, definition, language),
        },
        status=status,
    )


@login_not_required
@require_POST
@answerable_survey
def submit(request, slug, survey_slug, *, survey):
    response = _response_in_session(request, survey)
    if response is None:
        return redirect("surveys:start", slug, survey_slug)
    change_code = SurveyResponse.new_change_code()
    try:
        response, submitted = actions.submit_response(response, change_code=change_code)
    except DatabaseError:
        # Everything was rolled back: the draft still has every answer, so they can simply try again.
        logger.exception("Submitting survey response %s failed", response.pk)
        response.refresh_from_db()
        return _check_page(
            request,
            survey,
            response,
            problem="Sorry, we could not send your answers just now. They are saved: please try again.",
            status=503,
        )
    if submitted:
        # Shown on the confirmation page (only its hash is stored); this browser may change the answers.
        request.session[_session_key(survey)] = {**_remembered(request, survey), "change_code": change_code}
        grant_response(request, response)
    return redirect("surveys:confirmation", slug, survey_slug)


@login_not_required
@never_cache  # it shows the private code
@require_safe
@answerable_survey
def confirmation(request, slug, survey_slug, *, survey):
    response = _response_in_session(request, survey)
    if response is None:
        return redirect("surveys:start", slug, survey_slug)
    if response.status != SurveyResponse.Status.SUBMITTED:
        return redirect("surveys:check", slug, survey_slug)
    pages = actions.pages_for(response)
    change_code = _remembered(request, survey).get("change_code", "")
    change_url = (
        request.build_absolute_uri(reverse("survey_answers:open_link", args=[response.reference, change_code]))
        if change_code
        else ""
    )
    return render(
        request,
        "surveys/answer/confirmation.jinja",
        {
            **_journey_context(request, survey, response, pages),
            "change_code": display_code(change_code),
            "change_url": change_url,
        },
    )


@login_not_required
@require_safe
@answerable_survey
def resume(request, slug, survey_slug, token, *, survey):
    response = survey.responses.for_resume_token(token).select_related("version", "survey__lab").first()
    if response is None or actions.is_expired(response):
        return render(request, "surveys/answer/resume_invalid.jinja", {"lab": survey.lab, "survey": survey}, status=404)
    _remember(request, survey, response, token)
    return _where_next(survey, response, actions.pages_for(response), after=response.last_section)


@login_not_required
@require_http_methods(["GET", "POST"])
@answerable_survey
def email_link(request, slug, survey_slug, *, survey):
    response, elsewhere = _draft_or_redirect(request, survey)
    if elsewhere:
        return elsewhere
    pages = actions.pages_for(response)
    context = _journey_context(request, survey, response, pages)
    form = EmailLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and context["resume_url"]:
        actions.request_resume_link(response, form.cleaned_data["email"])
        return render(request, "surveys/answer/email_link.jinja", {**context, "form": None, "sent": True})
    return render(request, "surveys/answer/email_link.jinja", {**context, "form": form, "sent": False})
