"""Many people taking the last places at the same moment never get more places than there are."""

import threading

import pytest
from django.db import connection, connections

from carelab.accounts.tests.factories import UserFactory
from carelab.events import actions
from carelab.events.models import Registration
from carelab.events.tests.factories import EventFactory, RegistrationFactory
from carelab.labs.tests.factories import LabFactory

PEOPLE = 6


def refused_by_the_test_database(failures: list[str]) -> list[str]:
    """Failures other than SQLite's shared in-memory test database refusing a lock.

    That database (tests only) has table-level locks that fail at once rather than wait, so on it
    some of the racers are turned away whole, which still must not break the count. On PostgreSQL,
    and on SQLite files (which wait, see settings), every racer gets through.
    """
    if connection.vendor != "sqlite":
        return failures
    return [failure for failure in failures if "is locked" not in failure]


@pytest.mark.django_db(transaction=True)
def test_people_registering_at_once_never_exceed_the_capacity():
    event = EventFactory(lab=LabFactory(), capacity=2)
    people = UserFactory.create_batch(PEOPLE)
    start = threading.Barrier(PEOPLE)
    failures = []

    def take_a_place(person):
        try:
            start.wait(timeout=10)
            actions.register(event=event, user=person)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_a_place, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

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
    start = threading.Barrier(2)
    failures = []

    def give_up(registration):
        try:
            start.wait(timeout=10)
            actions.cancel_registration(registration=registration)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=give_up, args=(place,)) for place in places]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert refused_by_the_test_database(failures) == []
    registrations = Registration.objects.filter(event=event)
    # Each cancellation that went through gave its place to the next person waiting.
    assert registrations.registered().count() == 2
    assert registrations.waiting().count() == 3 - (2 - len(failures))
