"""Display values for events: when, where, places and tags."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from carelab.events.models import Event, Registration
from carelab.events.presenters import EventView, places_text, registration_tag, when_text


@pytest.mark.parametrize(
    ("starts", "ends", "text"),
    [
        (
            datetime(2026, 7, 1, 9, 0, tzinfo=UTC),
            datetime(2026, 7, 1, 11, 30, tzinfo=UTC),
            "Wednesday 1 July 2026, 10am to 12:30pm (UK time)",
        ),
        (
            datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
            datetime(2026, 12, 1, 12, 0, tzinfo=UTC),
            "Tuesday 1 December 2026, 9am to midday (UK time)",
        ),
        (
            datetime(2026, 10, 24, 22, 0, tzinfo=UTC),
            datetime(2026, 10, 25, 2, 0, tzinfo=UTC),
            "Saturday 24 October 2026, 11pm to Sunday 25 October 2026, 2am (UK time)",
        ),
    ],
)
def test_when_is_told_in_uk_time(starts, ends, text):
    assert when_text(starts, ends) == text


@pytest.mark.parametrize(
    ("capacity", "taken", "text"),
    [
        (None, 40, "No limit on places"),
        (20, 3, "17 places left of 20"),
        (2, 1, "1 place left of 2"),
        (2, 2, "Full (2 places): you can join the waiting list"),
        (2, 3, "Full (2 places): you can join the waiting list"),
    ],
)
def test_places_say_how_many_are_left(capacity, taken, text):
    assert places_text(capacity, taken) == text


def _event(**fields):
    now = timezone.now()
    defaults = {
        "title": "T",
        "status": Event.Status.PUBLISHED,
        "format": Event.Format.ONLINE,
        "starts_at": now + timedelta(days=1),
        "ends_at": now + timedelta(days=1, hours=1),
        "capacity": 2,
    }
    return Event(**{**defaults, **fields})


def test_tags_say_cancelled_draft_finished_full_and_closed():
    now = timezone.now()
    assert EventView(_event(status=Event.Status.CANCELLED)).status_tag["text"] == "Cancelled"
    assert EventView(_event(status=Event.Status.DRAFT)).status_tag["text"] == "Draft"
    assert (
        EventView(_event(starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))).status_tag["text"]
        == "Finished"
    )
    assert (
        EventView(_event(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))).status_tag["text"]
        == "Happening now"
    )
    assert (
        EventView(_event(registration_closes_at=now - timedelta(hours=1))).status_tag["text"] == "Registration closed"
    )
    assert EventView(_event(), places_taken=2).status_tag["text"] == "Full: waiting list open"
    assert EventView(_event(), places_taken=1).status_tag is None


def test_where_never_gives_the_joining_link():
    online = _event(joining_link="https://meet.example.org/x")
    assert EventView(online).where == "Online"
    hybrid = _event(format=Event.Format.HYBRID, venue="Room 1\nLeeds", joining_link="https://meet.example.org/x")
    assert EventView(hybrid).where == "Room 1, Leeds, or online"
    assert EventView(_event(format=Event.Format.IN_PERSON, venue="")).where == "To be confirmed"


def test_your_status_and_tags_for_registrations():
    waiting = Registration(status=Registration.Status.WAITING)
    waiting.waiting_position = 3
    assert EventView(_event(), registration=waiting).your_status.startswith("You are number 3 on the waiting list.")
    assert registration_tag(waiting) == {"text": "Waiting list: number 3", "colour": "yellow"}
    place = Registration(status=Registration.Status.REGISTERED)
    assert EventView(_event(), registration=place).your_status == "You have a place."
    assert EventView(_event(), registration=Registration(status=Registration.Status.CANCELLED)).your_status == ""
