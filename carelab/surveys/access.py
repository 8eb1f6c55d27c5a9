"""Gatekeepers: the only way views reach a survey or a response."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from carelab.labs.access import is_lab_team
from carelab.labs.models import Lab
from carelab.surveys.models import Survey


def get_survey_for_respondent(request, lab: Lab, survey_slug: str) -> Survey:
    """An open survey anyone may answer; the lab team may also open a draft or closed one to preview it."""
    survey = get_object_or_404(Survey.objects.for_lab(lab).select_related("current_version", "lab"), slug=survey_slug)
    if survey.current_version is None:
        raise Http404("This survey has no questions yet.")
    if not survey.is_open() and not is_lab_team(request.user, lab):
        raise Http404("This survey is not open.")
    return survey


def get_survey_for_team(request, survey_slug: str) -> Survey:
    """A survey of `request.lab`, which `lab_team_required` has already checked."""
    return get_object_or_404(
        Survey.objects.for_lab(request.lab).select_related("current_version", "lab"), slug=survey_slug
    )
