"""Many people taking the last places at the same moment never get more places than there are."""

import pytest

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.concurrency import race, refused_by_the_test_database
from carelab.events import actions
from carelab.events.models import Registration
from carelab.events.tests.factories import EventFactory, RegistrationFactory
from carelab.labs.tests.factories import LabFactory

PEOPLE = 6


@pytest.mark.django_db(transaction=True)
def test_people_registering_at_once_never_exceed_the_capacity():
    event = EventFactory(lab=LabFactory(), capacity=2)
    people = UserFactory.create_batch(PEOPLE)
    failures, _ = race(*(lambda person=person: actions.register(event=event, user=person) for person in people))

    assert refused_by_the_test_database(failures) == []
    got_through = PEOPLE - len(failures)
    registrations = Registration.objects.filter(event=event)
    assert registrations.registered().count() == min(2, got_through)
    assert registrations.waiting().count() == got_through - min(2, got_through)


@pytest.mark.django_db(transaction=True)
def test_cancellations_at_once_promote_each_waiting_person_once():
    event = EventFactory(lab=LabFactory(), capacity=2)
    places = RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory.create_batch(3, event=event, waiting=True)
    failures, _ = race(*(lambda place=place: actions.cancel_registration(registration=place) for place in places))

    assert refused_by_the_test_database(failures) == []
    registrations = Registration.objects.filter(event=event)
    # Each cancellation that went through gave its place to the next person waiting.
    assert registrations.registered().count() == 2
    assert registrations.waiting().count() == 3 - (2 - len(failures))
