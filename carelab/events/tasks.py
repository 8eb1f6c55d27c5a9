"""Background e-mails about registrations: confirmation, waiting list, a place coming up,
cancellations and reminders.

Each e-mail is built when the task runs, from the registration as it is then: an e-mail that no
longer fits (a confirmation for a place that was given up before it went out) is not sent. The
joining link goes only to people with a place, and never in a waiting-list e-mail.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from carelab.core.email import absolute_url, send_email
from carelab.events.calendars import event_ics
from carelab.events.models import Event, Registration
from carelab.events.presenters import EventView
from carelab.lib.markdown import markdown_to_text

REGISTERED = "registered"
WAITING = "waiting"
PROMOTED = "promoted"
CANCELLED_BY_YOU = "cancelled_by_you"
CANCELLED_BY_TEAM = "cancelled_by_team"
EVENT_CANCELLED = "event_cancelled"
REMINDER = "reminder"
KINDS = (REGISTERED, WAITING, PROMOTED, CANCELLED_BY_YOU, CANCELLED_BY_TEAM, EVENT_CANCELLED, REMINDER)


@dataclass
class EventEmail:
    subject: str
    body: str
    attachments: list[tuple[str, str, str]] = field(default_factory=list)


def _still_fits(registration: Registration, kind: str) -> bool:
    event = registration.event
    if kind in (REGISTERED, PROMOTED, REMINDER):
        return registration.has_place and event.is_published
    if kind == WAITING:
        return registration.is_waiting and event.is_published
    if kind == EVENT_CANCELLED:
        return event.is_cancelled
    return registration.status == Registration.Status.CANCELLED


def _details(view: EventView, *, with_joining_link: bool) -> str:
    event = view.event
    lines = [f"When: {view.when}", f"Where: {view.where}"]
    if event.is_online and with_joining_link:
        if event.joining_link:
            lines.append(f"How to join online: {event.joining_link}")
        else:
            lines.append("How to join online: the lab team will add the link to the event's page before it starts.")
    lines.append(f"Event page: {absolute_url(event.get_absolute_url())}")
    return "\n".join(lines)


def _invitation(event: Event, *, with_joining_link: bool) -> tuple[str, str, str]:
    return (f"event-{event.pk}.ics", event_ics(event, with_joining_link=with_joining_link), "text/calendar")


def registration_email(registration: Registration, kind: str) -> EventEmail:
    """The e-mail of this kind for this registration. Only e-mails to people with a place carry the joining link."""
    event = registration.event
    lab = event.lab
    view = EventView(event)
    title = f"“{event.title}”"
    cancel_url = absolute_url(reverse("events:cancel", args=[lab.slug, event.pk]))
    your_events = absolute_url(reverse("events:yours", args=[lab.slug]))
    event_url = absolute_url(event.get_absolute_url())
    cancel_line = f"If you cannot come, please cancel so someone else can have your place:\n{cancel_url}"

    if kind in (REGISTERED, PROMOTED):
        opening = (
            f"You have a place at {title}."
            if kind == REGISTERED
            else f"Someone has cancelled, so a place has come up for you at {title}. It is yours: "
            "you do not need to do anything."
        )
        about = markdown_to_text(event.summary, base_url=settings.SITE_URL)
        email = EventEmail(
            subject=f"You have a place: {event.title}" if kind == REGISTERED else f"A place has come up: {event.title}",
            body=(
                f"{opening}\n\n{_details(view, with_joining_link=True)}\n\n"
                + (f"About the event:\n{about}\n\n" if about else "")
                + "We have attached an invitation you can add to your calendar.\n\n"
                f"{cancel_line}\n\nSee all your events: {your_events}"
            ),
            attachments=[_invitation(event, with_joining_link=True)],
        )
    elif kind == WAITING:
        position = Registration.objects.filter(pk=registration.pk).with_waiting_position().get().waiting_position
        email = EventEmail(
            subject=f"You are on the waiting list: {event.title}",
            body=(
                f"{title} is full, so you are on the waiting list. You are number {position}.\n\n"
                "If someone cancels, we will give you their place straight away and e-mail you. "
                "You do not need to do anything.\n\n"
                f"{_details(view, with_joining_link=False)}\n\n"
                f"If you no longer want a place, you can leave the waiting list here:\n{cancel_url}"
            ),
        )
    elif kind == CANCELLED_BY_YOU:
        email = EventEmail(
            subject=f"Your registration is cancelled: {event.title}",
            body=(
                f"You have cancelled your registration for {title}, on {view.when}.\n\n"
                f"If you change your mind, you can register again while registration is open:\n{event_url}"
            ),
        )
    elif kind == CANCELLED_BY_TEAM:
        email = EventEmail(
            subject=f"Your registration is cancelled: {event.title}",
            body=(
                f"The lab team has cancelled your registration for {title}, on {view.when}.\n\n"
                f"If you think this is a mistake, please contact the lab team: {lab.contact_email}"
            ),
        )
    elif kind == EVENT_CANCELLED:
        message = (
            f"\n\nA message from the lab team:\n{event.cancellation_message}" if event.cancellation_message else ""
        )
        had_place = registration.has_place
        email = EventEmail(
            subject=f"Cancelled: {event.title}",
            body=(
                f"We are sorry: the lab team has cancelled {title}, which was due on {view.when}.{message}\n\n"
                + (
                    "If you added it to your calendar, the attached update marks it as cancelled.\n\n"
                    if had_place
                    else ""
                )
                + f"Other events from {lab.title}: {absolute_url(reverse('events:list', args=[lab.slug]))}"
            ),
            attachments=[_invitation(event, with_joining_link=False)] if had_place else [],
        )
    elif kind == REMINDER:
        email = EventEmail(
            subject=f"Reminder: {event.title}, {view.day}",
            body=(
                f"This is a reminder that you have a place at {title}.\n\n"
                f"{_details(view, with_joining_link=True)}\n\n{cancel_line}"
            ),
        )
    else:
        raise ValueError(f"No e-mail of the kind {kind!r}")
    email.body = f"Hello {registration.user.public_name},\n\n{email.body}\n\n{lab.team_name}"
    return email


@task()
def send_registration_email(registration_id: int, kind: str) -> int:
    """E-mail the person about their registration. Sends nothing if it no longer fits, or they have gone."""
    registration = Registration.objects.select_related("user", "event", "event__lab").filter(pk=registration_id).first()
    if registration is None or not registration.user.is_active or not _still_fits(registration, kind):
        return 0
    email = registration_email(registration, kind)
    return send_email(registration.user.email, email.subject, email.body, attachments=email.attachments)
