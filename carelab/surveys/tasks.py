"""Background work for surveys: e-mailing a resume link, and deleting unfinished answers.

A task's arguments and result are stored by the database task backend, so they carry ids only
(decision 0015): the resume e-mail's address and link are found or made when it is sent.
"""

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from carelab.core.email import absolute_url, send_email
from carelab.lib.words import pluralise
from carelab.surveys.actions.answering import delete_expired_drafts, is_expired
from carelab.surveys.models import ResumeLinkRequest, ResumeToken, SurveyResponse, hash_token


def resume_link_email(survey_title: str, lab_title: str, resume_url: str, days: int) -> tuple[str, str]:
    """Subject and body of the e-mail that carries a person's link back to their unfinished answers."""
    subject = f"Your link to finish “{survey_title}”"
    body = (
        f"Hello,\n\nYou asked us to send you this link so you can finish the survey “{survey_title}” "
        f"for {lab_title}:\n\n{resume_url}\n\n"
        "Anyone with the link can see and change your answers, so please do not share it. "
        f"Unfinished answers are deleted {pluralise(days, 'day')} after they were last saved.\n\n"
        "We have not kept your e-mail address: we used it only to send this message."
    )
    return subject, body


def issue_resume_token(response: SurveyResponse) -> str:
    """A new token that opens this draft, alongside any others; only its hash is stored."""
    token = SurveyResponse.new_resume_token()
    ResumeToken.objects.create(response=response, token_hash=hash_token(token))
    return token


@task()
def send_resume_link(request_id: int) -> int:
    """E-mail a fresh resume link for the draft once, then forget the address.

    The request row (the address) is deleted before sending, whatever happens next. Nothing is
    sent when the draft has gone, been submitted or expired. Returns the number sent (0 or 1).
    """
    with transaction.atomic():
        request = (
            ResumeLinkRequest.objects.select_for_update(of=("self",))
            .select_related("response__survey__lab")
            .filter(pk=request_id)
            .first()
        )
        if request is None:
            return 0
        email, response = request.email, request.response
        request.delete()
        if response.status != SurveyResponse.Status.DRAFT or is_expired(response):
            return 0
        survey = response.survey
        token = issue_resume_token(response)
    link = absolute_url(reverse("surveys:resume", args=[survey.lab.slug, survey.slug, token]))
    subject, body = resume_link_email(survey.title, survey.lab.title, link, survey.draft_retention_days)
    return send_email(email, subject, body)


@task()
def delete_expired_survey_drafts() -> int:
    """Delete unfinished answers older than their survey's retention period."""
    return delete_expired_drafts()
