"""Pages that list events or registrations make the same number of queries however many there are."""

import pytest

from carelab.core.tests.html import parse
from carelab.core.tests.queries import PageQueries
from carelab.events.models import Registration
from carelab.events.tests.factories import EventFactory, RegistrationFactory


def queries_for(client, url) -> int:
    with PageQueries() as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def add_events(lab, count, person=None):
    for number in range(count):
        upcoming = EventFactory(lab=lab, capacity=3)
        past = EventFactory(lab=lab, past=True)
        RegistrationFactory.create_batch(2, event=upcoming)
        RegistrationFactory(event=past)
        if person is not None:
            RegistrationFactory(event=upcoming, user=person, waiting=number % 2 == 0)


LISTS = [
    (role, url)
    for role in ("anonymous", "participant", "team")
    for url in ("/labs/the-lab/events/", "/labs/the-lab/events/calendar.ics")
] + [("participant", "/labs/the-lab/events/yours/"), ("team", "/labs/the-lab/events/team/")]


@pytest.mark.parametrize(("role", "url"), LISTS)
def test_events_lists_make_the_same_queries_for_2_and_12_events(cast, client_for, django_assert_num_queries, role, url):
    client = client_for(cast.person(role))
    person = cast.person(role) if role != "anonymous" else None
    add_events(cast.lab, 2, person)
    expected = queries_for(client, url)
    add_events(cast.lab, 10, person)
    with django_assert_num_queries(expected):
        client.get(url)


def test_the_registrations_page_makes_the_same_queries_for_3_and_60_people(cast, client_for, django_assert_num_queries):
    client = client_for(cast.team)
    event = EventFactory(lab=cast.lab, capacity=20)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, waiting=True)
    url = f"/labs/the-lab/events/team/{event.pk}/registrations/"
    expected = queries_for(client, url)
    RegistrationFactory.create_batch(18, event=event)
    RegistrationFactory.create_batch(39, event=event, waiting=True)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(parse(response).select("#registrations tbody tr")) == 60
    assert Registration.objects.filter(event=event).waiting().count() == 40
