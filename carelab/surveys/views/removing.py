"""The lab team removes a single response, with a reason, and reads the survey's audit trail of
deleted responses and withdrawn consents."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from carelab.labs.access import lab_team_required
from carelab.surveys.access import audit_trail, get_response_for_team, get_survey_for_team
from carelab.surveys.actions.changing import remove_response_by_team
from carelab.surveys.forms_changing import FindResponseForm, RemoveResponseForm

AUDIT_PER_PAGE = 50


@require_safe
@lab_team_required
def responses(request, slug, survey_slug):
    """Find a response by the reference a person quoted, and see what was deleted or withdrawn."""
    survey = get_survey_for_team(request, survey_slug)
    form = FindResponseForm(request.GET or None)
    not_found = False
    if form.is_bound and form.is_valid():
        try:
            found = get_response_for_team(request, survey, form.cleaned_data["reference"])
        except Http404:
            not_found = True
        else:
            return redirect("surveys:remove_response", slug, survey_slug, found.reference)
    audits = Paginator(audit_trail(survey), AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/team/responses.jinja",
        {"lab": request.lab, "survey": survey, "form": form, "not_found": not_found, "audits": audits},
        status=404 if not_found else 400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@lab_team_required
def remove_response(request, slug, survey_slug, reference):
    survey = get_survey_for_team(request, survey_slug)
    response = get_response_for_team(request, survey, reference)
    form = RemoveResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        removed = remove_response_by_team(response, actor=request.user, reason=form.cleaned_data["reason"])
        if removed is None:
            messages.info(request, f"Response {response.reference} had already been deleted.")
        else:
            messages.success(request, f"Response {response.reference} has been removed, and the results updated.")
        return redirect("surveys:responses", slug, survey_slug)
    return render(
        request,
        "surveys/team/remove_response.jinja",
        {
            "lab": request.lab,
            "survey": survey,
            "response": response,
            "form": form,
            "answer_count": response.answer_rows.count(),
            "has_contact": hasattr(response, "contact"),
            "flagged": response.safeguarding_flags.exists(),
        },
        status=400 if form.errors else 200,
    )
