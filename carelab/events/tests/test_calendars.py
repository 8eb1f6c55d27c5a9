"""The .ics download and the lab's calendar feed, read back with the icalendar library as a calendar program would."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from carelab.events.models import EVENT_TIME_ZONE, Event
from carelab.events.tests.factories import EventFactory, RegistrationFactory

SECRET = "secret-room-42"


def ics_url(event) -> str:
    return f"/labs/{event.lab.slug}/events/{event.pk}/event.ics"


def calendar_from(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_download_is_one_event_with_the_fields_a_calendar_needs(cast, event, client, settings):
    settings.SITE_URL = "https://lab.example.org"
    response = client.get(ics_url(event))
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}.ics"'
    calendar = calendar_from(response)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == "-//CareLab//Lab events//EN"
    assert calendar["METHOD"] == "PUBLISH"
    (vevent,) = calendar.events
    assert vevent.uid == f"carelab-event-{event.pk}@lab.example.org"
    assert vevent["SUMMARY"] == "Living with pain"
    assert vevent.start == event.starts_at and vevent.end == event.ends_at
    assert vevent.start.tzinfo is not None
    assert vevent.DTSTAMP.tzinfo is not None
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0
    assert vevent["URL"] == f"https://lab.example.org/labs/the-lab/events/{event.pk}/"
    assert vevent["LOCATION"] == "Online"
    assert "People with a place get the link to join online." in vevent["DESCRIPTION"]


@pytest.mark.parametrize(
    ("role", "sees_link"),
    [
        ("anonymous", False),
        ("member", False),
        ("participant", True),
        ("team", True),
        ("other_team", False),
        ("admin", True),
    ],
)
def test_only_people_with_a_place_and_the_lab_team_get_the_joining_link_in_the_download(
    cast, event, client_for, role, sees_link
):
    RegistrationFactory(event=event, user=cast.participant)
    RegistrationFactory(event=event, user=cast.member, waiting=True)
    response = client_for(cast.person(role)).get(ics_url(event))
    (vevent,) = calendar_from(response).events
    text = vevent.to_ical().decode().replace("\r\n ", "")
    assert (SECRET in text) is sees_link
    if sees_link:
        assert vevent["LOCATION"] == "https://meet.example.org/secret-room-42"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_in_person_events_give_the_venue_on_one_line(cast, client):
    event = EventFactory(lab=cast.lab, in_person=True)
    (vevent,) = calendar_from(client.get(ics_url(event))).events
    assert vevent["LOCATION"] == "Riverside Mind, 14 Mill Lane, Leeds"


def test_a_draft_event_has_no_download_for_anyone_but_the_lab_team(cast, client_for):
    draft = EventFactory(lab=cast.lab, draft=True)
    assert client_for(cast.member).get(ics_url(draft)).status_code == 404
    assert client_for(cast.team).get(ics_url(draft)).status_code == 200


def test_the_feed_lists_published_and_cancelled_events_without_joining_links(cast, client, settings):
    settings.SITE_URL = "https://lab.example.org"
    upcoming = EventFactory(lab=cast.lab, title="Coming up")
    past = EventFactory(lab=cast.lab, title="Happened", past=True)
    cancelled = EventFactory(lab=cast.lab, title="Called off", status=Event.Status.CANCELLED, sequence=3)
    EventFactory(lab=cast.lab, title="Still a draft", draft=True)
    EventFactory(lab=cast.other_lab, title="Another lab's")
    RegistrationFactory(event=upcoming, user=cast.participant)

    response = client.get("/labs/the-lab/events/calendar.ics")
    calendar = calendar_from(response)
    assert "attachment" not in response["Content-Disposition"]
    assert "METHOD" not in calendar
    assert calendar["X-WR-CALNAME"] == "The lab: events"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=6)
    by_title = {str(vevent["SUMMARY"]): vevent for vevent in calendar.events}
    assert set(by_title) == {"Coming up", "Happened", "Called off"}
    assert by_title["Called off"]["STATUS"] == "CANCELLED" and by_title["Called off"]["SEQUENCE"] == 3
    assert by_title["Coming up"]["STATUS"] == "CONFIRMED"
    for event in (upcoming, past, cancelled):
        vevent = by_title[event.title]
        assert vevent.uid == f"carelab-event-{event.pk}@lab.example.org"
        assert event.updated_at.replace(microsecond=0) == vevent.DTSTAMP
        assert vevent.start == event.starts_at.replace(microsecond=0)
    assert SECRET not in response.content.decode().replace("\r\n ", "")
    # Nothing in the feed changes between two readings, so calendars see no false updates.
    assert client.get("/labs/the-lab/events/calendar.ics").content == response.content


def test_the_download_and_the_feed_share_the_event_uid(cast, event, client):
    (download,) = calendar_from(client.get(ics_url(event))).events
    (in_feed,) = calendar_from(client.get("/labs/the-lab/events/calendar.ics")).events
    assert download.uid == in_feed.uid


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2026-07-01T10:00", datetime(2026, 7, 1, 9, 0, tzinfo=UTC)),  # British Summer Time: UTC+1
        ("2026-12-01T10:00", datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),  # Greenwich Mean Time: UTC
        ("2026-03-29T02:00", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),  # just after the clocks go forward
        ("2026-10-25T02:00", datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),  # just after the clocks go back
    ],
)
def test_a_time_typed_in_uk_time_reaches_calendars_as_the_same_moment(cast, client_for, typed, utc):
    client = client_for(cast.team)
    response = client.post(
        "/labs/the-lab/events/team/new/",
        {
            "title": "Clock test",
            "summary": "Testing times.",
            "format": "online",
            "starts_at": typed,
            "ends_at": (datetime.fromisoformat(typed) + timedelta(hours=3)).isoformat(timespec="minutes"),
            "who_may_register": "anyone",
            "status": "published",
        },
    )
    assert response.status_code == 302, response.content.decode()
    event = Event.objects.get(title="Clock test")
    assert event.starts_at == utc
    (vevent,) = calendar_from(client.get("/labs/the-lab/events/calendar.ics")).events
    assert vevent.start == utc
    # And the wall clock in London reads what was typed.
    assert vevent.start.astimezone(EVENT_TIME_ZONE).strftime("%Y-%m-%dT%H:%M") == typed


def test_the_description_is_the_summary_as_plain_text_escaped_and_folded_as_rfc_5545_says(cast, client, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    summary = (
        "A **workshop**, for everyone; bring a friend. See [the notes](/labs/the-lab/posts/) or "
        "[our partner’s page](https://example.org/a/very/long/path/that/needs/folding/across/lines).\n\n"
        "- tea, cake\n- a back\\slash"
    )
    event = EventFactory(lab=cast.lab, summary=summary)
    response = client.get(ics_url(event))
    raw = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))  # folded at 75 octets
    assert "\\," in raw and "\\;" in raw and "\\\\slash" in raw  # TEXT escaping (3.3.11)
    (vevent,) = calendar_from(response).events
    description = str(vevent["DESCRIPTION"])
    assert description.startswith(
        "A workshop, for everyone; bring a friend. See the notes (http://127.0.0.1:8123/labs/the-lab/posts/) or "
        "our partner’s page (https://example.org/a/very/long/path/that/needs/folding/across/lines).\n\n"
        "- tea, cake\n- a back\\slash"
    )
    assert "**" not in description and "](" not in description
