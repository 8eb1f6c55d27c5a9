"""Background e-mails about applications: that one arrived, and the lab team's decisions."""

from django.urls import reverse
from django_tasks import task

from carelab.core.email import absolute_url, send_email
from carelab.participants.letters import SUBJECTS, fill_in
from carelab.participants.models import Application, ApplicationEvent, ProfileCardEvent


def _status_url(application: Application) -> str:
    return absolute_url(reverse("participants:application", args=[application.lab.slug]))


def received_email(application: Application) -> tuple[str, str]:
    lab = application.lab
    subject = f"We have your application to {lab.title}"
    body = (
        f"Hello {application.applicant_name},\n\n"
        f"Thank you for applying to take part in {lab.title}. The lab team will read your application and "
        "let you know what they decide. This can take a few weeks.\n\n"
        f"You can see your application, and where it has got to, here: {_status_url(application)}\n\n"
        f"{lab.team_name}"
    )
    return subject, body


def decision_email(event: ApplicationEvent) -> tuple[str, str]:
    """Subject and body of a decision: the reviewer's message, then a link to the application."""
    application = event.application
    subject = fill_in(SUBJECTS[event.action], name=application.applicant_name, lab=application.lab.title)
    body = f"{event.message}\n\nSee your application: {_status_url(application)}"
    return subject, body


def _still_here(application: Application | None) -> bool:
    return application is not None and application.applicant is not None and application.applicant.is_active


@task()
def send_application_received(application_id: int) -> int:
    """Tell the applicant their application arrived. Sends nothing if they have gone."""
    application = Application.objects.select_related("lab", "applicant").filter(pk=application_id).first()
    if not _still_here(application):
        return 0
    subject, body = received_email(application)
    return send_email(application.applicant.email, subject, body)


@task()
def send_decision(event_id: int) -> int:
    """E-mail the applicant the lab team's decision and message. Sends nothing if they have gone."""
    event = (
        ApplicationEvent.objects.select_related("application__lab", "application__applicant")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not _still_here(event.application):
        return 0
    subject, body = decision_email(event)
    return send_email(event.application.applicant.email, subject, body)


def card_change_email(event: ProfileCardEvent) -> tuple[str, str]:
    """The lab team's request to change a card: their message, then a link to the card."""
    card = event.card
    subject = f"Please change your profile card in {card.lab.title}"
    link = absolute_url(reverse("participants:card", args=[card.lab.slug]))
    body = (
        f"Hello {card.user.public_name},\n\n"
        "The lab team has looked at your profile card. Until it is changed, only you and the lab team can see it.\n\n"
        f"{event.note}\n\nYou can change your card here: {link}\n\n{card.lab.team_name}"
    )
    return subject, body


@task()
def send_card_change_request(event_id: int) -> int:
    """E-mail the person the lab team's request to change their card. Sends nothing if they have gone."""
    event = ProfileCardEvent.objects.select_related("card__lab", "card__user").filter(pk=event_id).first()
    if event is None or not event.card.user.is_active:
        return 0
    subject, body = card_change_email(event)
    return send_email(event.card.user.email, subject, body)
