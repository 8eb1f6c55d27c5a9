"""Writes for the answering journey: start, save a page, submit, and delete old drafts.

Each runs in one transaction. Submitting locks the response's row, so two submissions at
once (a double click, two tabs, back and submit again) make one submitted response with one
set of Answer rows; if anything fails part-way, the whole submission is rolled back and the
draft keeps every answer.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from carelab.lib.survey_languages import localised
from carelab.safeguarding.actions import raise_flag
from carelab.surveys import tallies
from carelab.surveys.answer_rows import answer_rows_for, result_items, tally_plan
from carelab.surveys.models import Answer, ContactDetail, ResumeLinkRequest, Survey, SurveyResponse, hash_token
from carelab.surveys.runtime import SafetyFindings, SurveyPages, safety_findings


class ResponseAlreadySubmitted(Exception):
    """The response was submitted (perhaps in another tab): its answers can no longer change."""


def pages_for(response: SurveyResponse, today=None, language: str = "") -> SurveyPages:
    """The pages of the version this response answers, in ``language`` if given (the form's default otherwise)."""
    definition = response.version.parsed()
    return SurveyPages(
        localised(definition, language) if language else definition,
        phq9_item9_enabled=response.survey.phq9_item9_enabled,
        today=today or timezone.localdate(),
    )


@transaction.atomic
def start_response(
    survey: Survey, *, consents: dict, contact_email: str = "", user=None, language: str = ""
) -> tuple[SurveyResponse, str]:
    """A new draft for the survey's current version, with the consents given. Returns it and its resume token.

    ``language`` is the one the person chose to answer in, if they chose (see `save_section`).

    Only the token's hash is stored; the token itself is shown to the person (and kept in their session).
    """
    for _attempt in range(5):
        token = SurveyResponse.new_resume_token()
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    survey=survey,
                    version=survey.current_version,
                    reference=SurveyResponse.new_reference(),
                    resume_token_hash=hash_token(token),
                    consents=consents,
                    consented_at=timezone.now(),
                    language=language,
                    user=user if user is not None and user.is_authenticated else None,
                )
            break
        except IntegrityError:  # a reference already taken: draw another
            continue
    else:  # pragma: no cover - 32^8 references make five clashes in a row practically impossible
        raise RuntimeError("Could not find a free response reference.")
    if contact_email:
        ContactDetail.objects.create(response=response, email=contact_email)
    return response, token


def _check_safety(response: SurveyResponse, pages: SurveyPages) -> SafetyFindings:
    findings = safety_findings(pages, response.answers, response.survey.lab.risk_phrase_list())
    if findings.raises_flag:
        raise_flag(
            lab=response.survey.lab, survey_response=response, reasons=list(findings.reasons), details=findings.details
        )
    return findings


@transaction.atomic
def save_section(response: SurveyResponse, number: int, cleaned: dict, language: str | None = None) -> SafetyFindings:
    """Save one page's answers to the draft, dropping answers that conditions now hide.

    ``language``, when given, is the language the page was answered in: kept with the draft, so a resume
    link opens the survey in it again. Answers are stored by name, whatever the language.

    The answers are merged into the draft as the caller read it and written in one statement that only
    applies while the row is still that draft (a draft, unchanged since: same ``updated_at``). If anything
    saved or submitted it in between (another tab), its row is read again under a lock and merged into
    that instead, so no answer saved elsewhere is lost and a submitted response never changes.

    Returns what the safety checks found, so the next page can show where to get help at once.
    """
    pages = pages_for(response)
    if response.status == SurveyResponse.Status.DRAFT and response.updated_at is not None:
        saved = _with_section(response, pages, number, cleaned, language)
        unchanged = SurveyResponse.objects.filter(
            pk=response.pk, status=SurveyResponse.Status.DRAFT, updated_at=response.updated_at
        )
        if unchanged.update(**saved):
            return _saved(response, saved, pages)
    locked = (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("survey__lab", "version")
        .get(pk=response.pk)
    )
    if locked.status == SurveyResponse.Status.SUBMITTED:
        raise ResponseAlreadySubmitted
    pages = pages_for(locked)
    saved = _with_section(locked, pages, number, cleaned, language)
    for field, value in saved.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(saved))
    saved["updated_at"] = locked.updated_at  # as `auto_now` stored it: the caller's next page writes at once
    return _saved(response, saved, pages)


def _with_section(response: SurveyResponse, pages: SurveyPages, number: int, cleaned: dict, language) -> dict:
    """What saving this page changes on the draft: its answers with the page's old ones replaced (and
    answers that conditions now hide dropped), the furthest page reached, the language, the time."""
    section = pages.section(number)
    answers = {
        name: value for name, value in response.answers.items() if name not in pages.section_answer_names(section)
    }
    answers.update(cleaned)
    return {
        "answers": pages.prune(answers),
        "last_section": max(response.last_section, number),
        "language": response.language if language is None else language,
        "updated_at": timezone.now(),
    }


def _saved(response: SurveyResponse, saved: dict, pages: SurveyPages) -> SafetyFindings:
    """Give the caller's copy what was saved, then run the safety checks on it (in the same transaction)."""
    for field, value in saved.items():
        setattr(response, field, value)
    return _check_safety(response, pages)


def submit_response(
    response: SurveyResponse, *, count: bool = True, change_code: str = ""
) -> tuple[SurveyResponse, bool]:
    """Submit a draft exactly once. Returns the response and whether this call submitted it.

    ``change_code`` is the private code the confirmation page shows (only its hash is stored):
    with the reference, it lets the person delete their answers or withdraw a consent later.

    ``count=False`` leaves the results tallies alone, for a bulk load (the demo) that changes the
    submission times afterwards and then recounts the survey once with `rebuild_tallies`.
    """
    with transaction.atomic():
        locked = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .select_related("survey__lab", "version")
            .get(pk=response.pk)
        )
        if locked.status == SurveyResponse.Status.SUBMITTED:
            return locked, False
        pages = pages_for(locked)
        locked.answers = pages.prune(locked.answers)
        locked.scores = [score.as_dict() for score in pages.scores(locked.answers)]
        locked.status = SurveyResponse.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.change_code_hash = hash_token(change_code) if change_code else ""
        rows = Answer.objects.bulk_create(answer_rows_for(pages.definition, locked, locked.answers, locked.scores))
        if count:
            tallies.add_response(locked, rows, tally_plan(result_items(pages.definition)))
        locked.save(update_fields=["answers", "scores", "status", "submitted_at", "change_code_hash", "updated_at"])
        _check_safety(locked, pages)
    return locked, True


def is_expired(response: SurveyResponse, now=None) -> bool:
    now = now or timezone.now()
    return response.updated_at < now - timedelta(days=response.survey.draft_retention_days)


def delete_expired_drafts(now=None) -> int:
    """Delete drafts not saved for longer than their survey's `draft_retention_days`. Returns how many."""
    now = now or timezone.now()
    deleted = 0
    for days in Survey.objects.order_by().values_list("draft_retention_days", flat=True).distinct():
        expired = SurveyResponse.objects.drafts().filter(
            survey__draft_retention_days=days, updated_at__lt=now - timedelta(days=days)
        )
        deleted += expired.delete()[1].get(SurveyResponse._meta.label, 0)
    return deleted


@transaction.atomic
def request_resume_link(response: SurveyResponse, email: str) -> ResumeLinkRequest:
    """Queue an e-mail with a link back to this draft. The task gets the request's id only (decision 0015)."""
    from carelab.surveys import tasks  # tasks imports this module

    request = ResumeLinkRequest.objects.create(response=response, email=email)
    transaction.on_commit(lambda: tasks.send_resume_link.enqueue(request.pk))
    return request
