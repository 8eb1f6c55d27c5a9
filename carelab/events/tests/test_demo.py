"""The demo lab's workshops: past and upcoming, one full with a waiting list, safe to load again."""

from datetime import date

from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.demo.events import load_demo_events
from carelab.events.models import Event, Registration
from carelab.labs.tests.factories import LabFactory

DEMO_PEOPLE = [
    "team@example.org",
    "participant@example.org",
    "member@example.org",
    "alex@example.org",
    "morgan@example.org",
]


def test_the_demo_has_past_and_upcoming_workshops_and_can_load_again(db):
    lab = LabFactory(slug="pain-and-mental-health")
    for email in DEMO_PEOPLE:
        UserFactory(email=email)
    load_demo_events(lab, today=date(2027, 1, 20))
    load_demo_events(lab)
    events = Event.objects.for_lab(lab)
    assert events.count() == 6
    now = timezone.now()
    past = list(events.listed().past(now))
    upcoming = list(events.listed().upcoming(now))
    assert len(past) == 2 and len(upcoming) == 4
    assert all(event.notes and event.outputs for event in past)
    assert Registration.objects.filter(event__in=past).exclude(attendance="").count() == 7
    assert {event.format for event in upcoming} >= {Event.Format.ONLINE, Event.Format.IN_PERSON}
    full = events.get(title="Ideas workshop: How might we…?")
    assert full.registrations.registered().count() == full.capacity == 2
    assert full.registrations.waiting().count() == 1
    assert events.filter(status=Event.Status.CANCELLED).count() == 1
    assert Registration.objects.filter(event__lab=lab).count() == 12
