"""Writes to events and registrations.

Every change to who has a place happens with the event's row locked (SELECT … FOR UPDATE on
PostgreSQL; on SQLite every transaction takes the write lock when it begins, see settings), so
two people taking the last place at once get one place and one waiting-list spot, never two
places. A freed place goes to the first person waiting in the same transaction. E-mails go
through a background task queued once the change is committed.
"""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carelab.events import tasks
from carelab.events.access import may_register
from carelab.events.forms import EventForm
from carelab.events.models import Event, Registration
from carelab.safeguarding.actions import FlagSource
from carelab.safeguarding.checks import WordsCheck, check_words, flag_if_urgent
from carelab.safeguarding.models import SafeguardingFlag

REMINDER_AHEAD = timedelta(hours=24)


class EventActionRefused(Exception):
    """The action cannot be done. The message is written for the person who asked."""


def _email(registration_id: int, kind: str) -> None:
    transaction.on_commit(lambda: tasks.send_registration_email.enqueue(registration_id, kind))


def _lock(event: Event) -> Event:
    """The event, locked until the transaction ends, with its lab."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    locked.lab = event.lab
    return locked


def _give_free_places(event: Event) -> list[Registration]:
    """Move people from the waiting list into free places, first come first served. The event must be locked."""
    if not event.is_published or event.has_started():
        return []
    waiting = Registration.objects.filter(event=event).waiting_in_order()
    if event.capacity is not None:
        free = event.capacity - Registration.objects.filter(event=event).registered().count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.place_given_at = now
        registration.save(update_fields=["status", "place_given_at", "updated_at"])
        _email(registration.pk, tasks.PROMOTED)
    return promoted


# The lab team's writes


@transaction.atomic
def save_event(form: EventForm, *, by) -> Event:
    """Save a valid event form. A change to a saved event bumps its sequence; more places go to people waiting."""
    event = form.save(commit=False)
    if event.pk is None:
        event.created_by = by
        event.save()
        return event
    locked = _lock(event)
    if locked.is_cancelled:
        raise EventActionRefused("This event is cancelled, so it cannot be changed.")
    event.sequence = locked.sequence + 1
    event.save(update_fields=[*form.Meta.fields, "sequence", "updated_at"])
    _give_free_places(event)
    return event


@transaction.atomic
def cancel_event(*, event: Event, message: str = "") -> Event:
    """Cancel the event and tell everyone with a place or on the waiting list. Registrations are kept."""
    event = _lock(event)
    if event.is_cancelled:
        raise EventActionRefused("This event is already cancelled.")
    if event.has_finished():
        raise EventActionRefused("This event has already happened, so it cannot be cancelled.")
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancellation_message = message.strip()
    event.sequence += 1
    event.save(update_fields=["status", "cancelled_at", "cancellation_message", "sequence", "updated_at"])
    for registration_id in Registration.objects.filter(event=event).active().values_list("pk", flat=True):
        _email(registration_id, tasks.EVENT_CANCELLED)
    return event


@transaction.atomic
def save_notes(*, event: Event, notes: str, outputs: str) -> Event:
    event.notes, event.outputs = notes, outputs
    event.save(update_fields=["notes", "outputs", "updated_at"])
    return event


@transaction.atomic
def record_attendance(*, event: Event, attendance: dict[int, str]) -> int:
    """Record who came. Only people with a place can be marked; returns how many records changed."""
    if not event.has_started():
        raise EventActionRefused("You can record attendance once the event has started.")
    changed = 0
    for registration in Registration.objects.filter(event=event, pk__in=attendance).registered():
        value = attendance[registration.pk]
        if registration.attendance != value:
            registration.attendance = value
            registration.save(update_fields=["attendance", "updated_at"])
            changed += 1
    return changed


# Registering and cancelling


def check_registration_words(event: Event, access_needs: str) -> WordsCheck:
    """What the risk check finds in what a person wrote when registering. Pure: nothing is saved."""
    return check_words(event.lab, access_needs)


def registration_source(registration: Registration) -> FlagSource:
    """Where the words were written, for the safeguarding queue: the event's registrations page, at the person."""
    event = registration.event
    url = reverse("events:registrations", args=[event.lab.slug, event.pk])
    return FlagSource(
        kind=SafeguardingFlag.Source.EVENT_REGISTRATION,
        id=registration.pk,
        title=f"Registration for “{event.title}”",
        url=f"{url}#registration-{registration.pk}",
    )


@transaction.atomic
def register(*, event: Event, user, access_needs: str = "") -> Registration:
    """A place if one is free, otherwise the end of the waiting list.

    Registering again after cancelling re-uses the person's registration. Someone who already has
    a place or is waiting keeps it as it is (a double click changes nothing and sends nothing).
    Urgent risk in what they wrote goes to the safeguarding review queue; the registration goes
    ahead as usual (the view shows them where to get help).
    """
    event = _lock(event)
    if not event.is_open_for_registration():
        if event.is_cancelled:
            raise EventActionRefused("This event is cancelled.")
        raise EventActionRefused("Registration for this event has closed.")
    if not may_register(user, event):
        raise EventActionRefused("Only the lab's participants can register for this event.")

    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.is_active:
        return registration
    has_room = event.capacity is None or Registration.objects.filter(event=event).registered().count() < event.capacity
    now = timezone.now()
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status = Registration.Status.REGISTERED if has_room else Registration.Status.WAITING
    registration.access_needs = access_needs.strip()
    registration.waiting_since = now
    registration.place_given_at = now if has_room else None
    registration.cancelled_at = None
    registration.cancelled_by_team = False
    registration.attendance = Registration.Attendance.NOT_RECORDED
    registration.reminder_sent_at = None
    written_again = registration.pk is not None
    registration.save()
    registration.event = event
    flag_if_urgent(
        lab=event.lab,
        check=check_registration_words(event, registration.access_needs),
        source=registration_source(registration),
        person=user,
        written_again=written_again,
    )
    _email(registration.pk, tasks.REGISTERED if has_room else tasks.WAITING)
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, by_team: bool = False) -> Registration:
    """Give up a place (or leave the waiting list). A freed place goes straight to the first person waiting."""
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        raise EventActionRefused("This registration is already cancelled.")
    if event.has_finished():
        raise EventActionRefused("This event has already happened.")
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancelled_by_team = by_team
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by_team", "updated_at"])
    _email(registration.pk, tasks.CANCELLED_BY_TEAM if by_team else tasks.CANCELLED_BY_YOU)
    _give_free_places(event)
    registration.event = event
    return registration


# Reminders


def send_due_reminders(*, now=None, ahead: timedelta = REMINDER_AHEAD) -> int:
    """Queue one reminder for each place at an event starting within `ahead`. Returns how many were queued.

    Each registration is claimed with a conditional update before its e-mail is queued, so running
    this again (or twice at once) never sends a second reminder.
    """
    now = now or timezone.now()
    queued = 0
    due = Registration.objects.due_a_reminder(now, ahead).order_by("pk").values_list("pk", flat=True)
    for registration_id in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                _email(registration_id, tasks.REMINDER)
                queued += 1
    return queued


def release_places_of(user) -> int:
    """Give up the person's places and waiting-list spots at events not yet over, so that people
    waiting get the places at once. For account deletion: call it before the account goes (in the
    same transaction); their registrations are then deleted with the account. Returns how many."""
    released = 0
    active = Registration.objects.filter(user=user, event__ends_at__gt=timezone.now()).active()
    for registration in active.select_related("event", "event__lab"):
        cancel_registration(registration=registration)
        released += 1
    return released
