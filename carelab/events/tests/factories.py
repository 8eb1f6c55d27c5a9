from datetime import timedelta

import factory
from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.events.models import Event, Registration
from carelab.labs.tests.factories import LabFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published online event a fortnight away with no limit on places.

    EventFactory(past=True) for one that has happened, EventFactory(draft=True) for a draft.
    """

    class Meta:
        model = Event

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=7)),
        )
        draft = factory.Trait(status=Event.Status.DRAFT)
        in_person = factory.Trait(
            format=Event.Format.IN_PERSON, venue="Riverside Mind\n14 Mill Lane\nLeeds", joining_link=""
        )

    lab = factory.SubFactory(LabFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    summary = "A workshop about **pain** and mental health."
    format = Event.Format.ONLINE
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=14)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    joining_link = "https://meet.example.org/secret-room-42"
    status = Event.Status.PUBLISHED


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A place at an event. RegistrationFactory(waiting=True) for a place in the queue."""

    class Meta:
        model = Registration

    class Params:
        waiting = factory.Trait(status=Registration.Status.WAITING, place_given_at=None)

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.REGISTERED
    place_given_at = factory.LazyFunction(timezone.now)
