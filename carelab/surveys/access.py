"""Gatekeepers: the only way views reach a survey or a response."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from carelab.core.kept_facts import keeping, kept, kept_object, kept_row_of, object_from_row
from carelab.labs.access import is_lab_team
from carelab.labs.models import Lab
from carelab.surveys.models import (
    CHANGE_CODE_LENGTH,
    REFERENCE_ALPHABET,
    ResponseAudit,
    Survey,
    SurveyResponse,
    SurveyVersion,
)

REFERENCE_MAX_LENGTH = SurveyResponse._meta.get_field("reference").max_length

# The responses this browser may change, opened with their reference and private code.
GRANTED_KEY = "survey-answers-granted"
_MAX_GRANTS = 20


def normalised_code(text: str) -> str:
    """A private code as typed (any case, with spaces or dashes), or "" if it cannot be one."""
    code = "".join(text.split()).replace("-", "").upper()
    return code if len(code) == CHANGE_CODE_LENGTH and all(char in REFERENCE_ALPHABET for char in code) else ""


def normalised_reference(text: str) -> str:
    """A reference as typed, or "" if it cannot be one (so NUL and other junk never reach a query)."""
    reference = "".join(text.split()).upper()
    return (
        reference if 0 < len(reference) <= REFERENCE_MAX_LENGTH and reference.isascii() and reference.isalnum() else ""
    )


def find_response_by_code(reference: str, code: str) -> SurveyResponse | None:
    """The sent response with this reference, if the private code is its own; else None."""
    reference = normalised_reference(reference)
    code = normalised_code(code)
    if not reference or not code:
        return None
    response = SurveyResponse.objects.submitted().filter(reference=reference).first()
    return response if response is not None and response.change_code_matches(code) else None


def grant_response(request, response: SurveyResponse) -> None:
    """Let this browser change the response (after its reference and code, or just after sending it)."""
    granted = [pk for pk in request.session.get(GRANTED_KEY, []) if pk != response.pk]
    request.session[GRANTED_KEY] = [*granted, response.pk][-_MAX_GRANTS:]


def get_response_for_person(request, reference: str) -> SurveyResponse:
    """A sent response this person may delete or withdraw consent from: linked to their account, or
    opened in this browser with its reference and private code. Anyone else gets a 404, as if it did
    not exist, so a reference alone gives nothing away."""
    reference = normalised_reference(reference)
    if not reference:
        raise Http404("No such answers.")
    response = (
        SurveyResponse.objects.submitted()
        .select_related("survey__lab", "version", "contact")
        .filter(reference=reference)
        .first()
    )
    if response is None:
        raise Http404("No such answers.")
    owner = response.user_id is not None and request.user.is_authenticated and response.user_id == request.user.pk
    if not owner and response.pk not in request.session.get(GRANTED_KEY, []):
        raise Http404("No such answers.")
    return response


def responses_of(user):
    """The sent responses a person linked to their account, newest first."""
    return SurveyResponse.objects.submitted().filter(user=user).select_related("survey__lab").order_by("-submitted_at")


def drafts_of(user):
    """The unfinished responses a person linked to their account, most recently saved first."""
    return SurveyResponse.objects.drafts().filter(user=user).select_related("survey__lab").order_by("-updated_at")


def draft_linked_to_account(request, survey: Survey) -> SurveyResponse | None:
    """The signed-in person's most recently saved unfinished response to `survey` that they linked to
    their account and can still finish (not past the survey's `draft_retention_days`); else None.
    Only ever the person's own: a response nobody linked, or someone else linked, is never found."""
    if not request.user.is_authenticated:
        return None
    kept_since = timezone.now() - timedelta(days=survey.draft_retention_days)
    return (
        SurveyResponse.objects.drafts()
        .filter(survey=survey, user=request.user, updated_at__gte=kept_since)
        .select_related("version", "survey__lab")
        .order_by("-updated_at", "-pk")
        .first()
    )


def get_response_for_team(request, survey: Survey, reference: str) -> SurveyResponse:
    """A sent response to a survey of `request.lab` (already checked by `lab_team_required`), by reference."""
    reference = normalised_reference(reference)
    if not reference:
        raise Http404("No response with that reference.")
    return get_object_or_404(
        SurveyResponse.objects.submitted().select_related("survey", "version"), survey=survey, reference=reference
    )


class SurveyNotOpen(Http404):
    """A published survey this person may not answer now: closed, or open but not until its opening
    date. It is still a 404 (answers cannot be sent), but the page can say which, without asking the
    database again."""

    def __init__(self, survey: Survey) -> None:
        super().__init__("This survey is not open.")
        self.survey = survey
        self.not_yet = survey.status == Survey.Status.OPEN  # open, but its opening date is still to come


def get_survey_for_respondent(request, lab: Lab, survey_slug: str) -> Survey:
    """An open survey anyone may answer; the lab team may also open a draft or closed one to preview it.

    Raises `SurveyNotOpen` for a published survey that is closed or not open yet (a draft is a plain
    404 to everyone but the team, as if it did not exist)."""
    survey = _survey_with_its_version(lab, survey_slug)
    survey.lab = lab  # the lab the caller has, not a second copy of it
    if survey.current_version is None:
        raise Http404("This survey has no questions yet.")
    if not survey.is_open() and not is_lab_team(request.user, lab):
        if survey.status == Survey.Status.DRAFT:
            raise Http404("This survey is not open.")
        raise SurveyNotOpen(survey)
    return survey


def _survey_with_its_version(lab: Lab, survey_slug: str) -> Survey:
    """The survey with its current version, as rows kept while the content is unchanged (decision 0043):
    every answering page reads them. Each caller gets objects of its own, and a definition of its own
    (read from the kept JSON text), with the parsed definition already made."""
    if not keeping():  # a request that writes: the survey as the database has it, nothing to keep
        return get_object_or_404(Survey.objects.for_lab(lab).select_related("current_version"), slug=survey_slug)
    kept_rows = kept(("survey for respondents", lab.pk, survey_slug), lambda: _survey_rows(lab, survey_slug))
    if kept_rows is None:
        raise Http404("No survey has this address.")
    survey_row, version_row, parsed = kept_rows
    survey = object_from_row(Survey, survey_row)  # its working definition copied, never shared
    if version_row is None:
        survey.current_version = None
    else:
        version = object_from_row(SurveyVersion, version_row)
        version.keep_parsed(parsed)
        survey.current_version = version
    return survey


def _survey_rows(lab: Lab, survey_slug: str):
    survey = Survey.objects.for_lab(lab).select_related("current_version").filter(slug=survey_slug).first()
    if survey is None:
        return None
    # JSON fields kept as their text, so no two requests ever share one dict to change.
    version = survey.current_version
    if version is None:
        return kept_row_of(survey), None, None
    return kept_row_of(survey), kept_row_of(version), version.parsed()


def response_in_session(survey: Survey, response_id: int) -> SurveyResponse | None:
    """The response a browser's session names (its own draft, or the one it just sent), or None.

    Read at every page of the survey, so its row is kept while the content is unchanged; every answer
    saved is a write, which makes it be read again."""
    response = kept_object(
        ("response in session", survey.pk, response_id), SurveyResponse, lambda: survey.responses.filter(pk=response_id)
    )
    if response is not None:
        response.survey = survey  # the survey the caller has, not a second copy of it
    return response


def get_survey_for_team(request, survey_slug: str) -> Survey:
    """A survey of `request.lab`, which `lab_team_required` has already checked."""
    return get_object_or_404(
        Survey.objects.for_lab(request.lab).select_related("current_version", "lab"), slug=survey_slug
    )


def audit_trail(survey: Survey):
    """The survey's deleted responses and withdrawn consents, newest first, for its lab team."""
    return ResponseAudit.objects.filter(survey=survey).select_related("actor").order_by("-created_at", "-pk")
