"""Display values for events pages and e-mails, kept out of templates so they can be tested."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from carelab.events.models import EVENT_TIME_ZONE, Event, Registration
from carelab.lib.clock import spoken_time


def local(value: datetime) -> datetime:
    """A stored time as UK clocks show it."""
    return value.astimezone(EVENT_TIME_ZONE)


def day_text(value: datetime) -> str:
    """'Tuesday 3 November 2026', in UK time."""
    value = local(value)
    return f"{value:%A} {value.day} {value:%B %Y}"


def time_text(value: datetime) -> str:
    """'10am', '12:30pm', 'midday', in UK time."""
    return spoken_time(local(value))


def when_text(starts_at: datetime, ends_at: datetime) -> str:
    """'Tuesday 3 November 2026, 10am to 12:30pm (UK time)'; both days when it runs overnight."""
    if local(starts_at).date() == local(ends_at).date():
        span = f"{day_text(starts_at)}, {time_text(starts_at)} to {time_text(ends_at)}"
    else:
        span = f"{day_text(starts_at)}, {time_text(starts_at)} to {day_text(ends_at)}, {time_text(ends_at)}"
    return f"{span} (UK time)"


def places_text(capacity: int | None, places_taken: int) -> str:
    if capacity is None:
        return "No limit on places"
    left = max(capacity - places_taken, 0)
    if left == 0:
        return f"Full ({capacity} places): you can join the waiting list"
    return f"{left} {'place' if left == 1 else 'places'} left of {capacity}"


def count_text(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"


@dataclass
class EventView:
    """One event as a particular person sees it. `places_taken` comes from `with_places_taken()`."""

    event: Event
    places_taken: int = 0
    registration: Registration | None = None
    shows_joining_link: bool = False

    @classmethod
    def of(cls, event: Event, **kwargs) -> "EventView":
        return cls(event, places_taken=getattr(event, "places_taken", 0), **kwargs)

    def __getattr__(self, name):
        return getattr(self.event, name)

    @property
    def when(self) -> str:
        return when_text(self.event.starts_at, self.event.ends_at)

    @property
    def day(self) -> str:
        return day_text(self.event.starts_at)

    @property
    def format_text(self) -> str:
        return self.event.get_format_display()

    @property
    def places(self) -> str:
        return places_text(self.event.capacity, self.places_taken)

    @property
    def places_left(self) -> int | None:
        return self.event.places_left(self.places_taken)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def where(self) -> str:
        """The venue for events in person; 'Online' for events online. Never the joining link."""
        if self.event.format == Event.Format.ONLINE:
            return "Online"
        venue = ", ".join(line.strip() for line in self.event.venue.splitlines() if line.strip())
        if self.event.format == Event.Format.HYBRID:
            return f"{venue}, or online" if venue else "In person or online"
        return venue or "To be confirmed"

    @property
    def registration_closes_text(self) -> str:
        deadline = self.event.registration_deadline()
        return f"{day_text(deadline)} at {time_text(deadline)}"

    @property
    def status_tag(self) -> dict | None:
        """The NHS.UK tag beside the event: cancelled, draft, finished, full or closed."""
        event = self.event
        if event.is_cancelled:
            return {"text": "Cancelled", "colour": "red"}
        if event.status == Event.Status.DRAFT:
            return {"text": "Draft", "colour": "grey"}
        now = timezone.now()
        if event.has_finished(now):
            return {"text": "Finished", "colour": "grey"}
        if event.has_started(now):
            return {"text": "Happening now", "colour": "blue"}
        if not event.is_open_for_registration(now):
            return {"text": "Registration closed", "colour": "grey"}
        if self.is_full:
            return {"text": "Full: waiting list open", "colour": "orange"}
        return None

    @property
    def your_status(self) -> str:
        """What the person has: a place, a place in the queue, or nothing (empty)."""
        registration = self.registration
        if registration is None or not registration.is_active:
            return ""
        if registration.has_place:
            return "You have a place."
        return (
            f"You are number {registration.waiting_position} on the waiting list. If someone cancels, "
            "we will give you their place and e-mail you."
        )


def registration_tag(registration: Registration) -> dict:
    """The NHS.UK tag for a registration on the lab team's list."""
    if registration.status == Registration.Status.REGISTERED:
        return {"text": "Has a place", "colour": "green"}
    if registration.status == Registration.Status.WAITING:
        position = getattr(registration, "waiting_position", 0)
        return {"text": f"Waiting list: number {position}" if position else "Waiting list", "colour": "yellow"}
    return {"text": "Cancelled", "colour": "grey"}
