"""Background work for surveys: e-mailing a resume link, and deleting unfinished answers."""

from django_tasks import task

from carelab.core.email import send_email
from carelab.surveys.actions.answering import delete_expired_drafts


def resume_link_email(survey_title: str, lab_title: str, resume_url: str, days: int) -> tuple[str, str]:
    """Subject and body of the e-mail that carries a person's link back to their unfinished answers."""
    subject = f"Your link to finish “{survey_title}”"
    body = (
        f"Hello,\n\nYou asked us to send you this link so you can finish the survey “{survey_title}” "
        f"for {lab_title}:\n\n{resume_url}\n\n"
        "Anyone with the link can see and change your answers, so please do not share it. "
        f"Unfinished answers are deleted {days} days after they were last saved.\n\n"
        "We have not kept your e-mail address: we used it only to send this message."
    )
    return subject, body


@task()
def send_resume_link(email: str, survey_title: str, lab_title: str, resume_url: str, days: int) -> int:
    """E-mail the resume link once. The address is used for this message only and not stored."""
    subject, body = resume_link_email(survey_title, lab_title, resume_url, days)
    return send_email(email, subject, body)


@task()
def delete_expired_survey_drafts() -> int:
    """Delete unfinished answers older than their survey's retention period."""
    return delete_expired_drafts()
