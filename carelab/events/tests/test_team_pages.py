"""The lab team's pages: the event form, notes and outputs, attendance and the registrations export."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from carelab.core.tests.html import parse, text_of
from carelab.events.models import EVENT_TIME_ZONE, Event
from carelab.events.tests.factories import EventFactory, RegistrationFactory

NEW = "/labs/the-lab/events/team/new/"


def valid(**changes):
    data = {
        "title": "Ideas workshop",
        "summary": "Turning what we heard into *How might we…?* questions.",
        "format": "in_person",
        "starts_at": "2031-11-04T10:00",
        "ends_at": "2031-11-04T12:30",
        "venue": "Riverside Mind\n14 Mill Lane\nLeeds",
        "joining_link": "",
        "capacity": "12",
        "who_may_register": "anyone",
        "registration_closes_at": "",
        "access_needs_question": "Anything we can do to help you take part?",
        "status": "published",
    }
    return {**data, **changes}


def errors_on(response) -> dict[str, str]:
    """The error summary's messages, by the field they link to."""
    page = parse(response)
    summary = page.select_one(".nhsuk-error-summary")
    assert summary is not None, "no error summary"
    return {link["href"].lstrip("#"): text_of(link) for link in summary.select("a")}


@pytest.fixture
def team_client(cast, client_for):
    return client_for(cast.team)


def test_the_lab_team_adds_an_event_and_everyone_can_see_it(cast, team_client, client):
    response = team_client.post(NEW, valid())
    event = Event.objects.get(title="Ideas workshop")
    assert response["Location"] == event.get_absolute_url()
    assert (event.lab, event.created_by, event.capacity, event.status) == (cast.lab, cast.team, 12, "published")
    page = parse(client.get(event.get_absolute_url()))
    assert text_of(page.select_one("h1")) == "Ideas workshop"
    facts = text_of(page.select_one("#event-facts"))
    assert "Tuesday 4 November 2031, 10am to 12:30pm (UK time)" in facts
    assert "Riverside Mind, 14 Mill Lane, Leeds" in facts
    assert "12 places left of 12" in facts
    assert page.select_one("#event-summary em").text == "How might we…?"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "starts_at",
            "2031-03-30T01:30",
            "The clocks go forward at 1am on 30 March 2031, so 1:30am does not exist that day. "
            "Choose a time before 1am or from 2am",
        ),
        (
            "starts_at",
            "2031-10-26T01:15",
            "The clocks go back at 2am on 26 October 2031, so 1:15am happens twice that day. "
            "Choose a time before 1am or from 2am",
        ),
        ("starts_at", "next Tuesday", "Enter a real date and time"),
        ("ends_at", "2031-11-04T09:00", "The end must be after the start"),
        ("joining_link", "http://meet.example.org/room", "Enter a joining link that starts with https://"),
        ("joining_link", "javascript:alert(1)", "Enter a joining link that starts with https://"),
        ("venue", "", "Enter the address of the venue"),
        ("capacity", "0", "Enter at least 1 place, or leave it empty for no limit"),
        (
            "registration_closes_at",
            "2031-11-05T09:00",
            "Registration must close before the event starts, or leave it empty",
        ),
        ("title", "", "Enter a title"),
    ],
)
def test_mistakes_are_explained_and_what_was_typed_is_kept(team_client, field, typed, message):
    response = team_client.post(NEW, valid(**{field: typed}))
    assert response.status_code == 200
    assert errors_on(response)[f"id_{field}"] == message
    page = parse(response)
    assert text_of(page.select_one("title")).startswith("Error: ")
    assert page.select_one("#id_summary").text.strip() == valid()["summary"]
    if field in ("starts_at", "joining_link"):
        assert page.select_one(f"#id_{field}")["value"] == typed
    assert not Event.objects.exists()


def test_an_online_event_needs_no_venue_and_may_add_its_link_later(team_client):
    response = team_client.post(NEW, valid(format="online", venue="", capacity=""))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.capacity is None and event.joining_link == ""


def test_changing_an_event_bumps_its_sequence_so_calendars_update(cast, team_client):
    event = EventFactory(lab=cast.lab)
    form = parse(team_client.get(f"/labs/the-lab/events/team/{event.pk}/edit/"))
    typed_start = form.select_one("#id_starts_at")["value"]
    assert typed_start == event.starts_at.astimezone(EVENT_TIME_ZONE).strftime("%Y-%m-%dT%H:%M")
    team_client.post(f"/labs/the-lab/events/team/{event.pk}/edit/", valid(title="New title", format="online", venue=""))
    event.refresh_from_db()
    assert (event.title, event.sequence) == ("New title", 1)


def test_a_cancelled_event_cannot_be_changed(cast, team_client):
    event = EventFactory(lab=cast.lab, status=Event.Status.CANCELLED)
    response = team_client.post(f"/labs/the-lab/events/team/{event.pk}/edit/", valid(title="Changed"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title != "Changed"


def test_notes_and_outputs_are_published_on_the_event_page_sanitised(cast, team_client, client):
    event = EventFactory(lab=cast.lab, past=True)
    url = f"/labs/the-lab/events/team/{event.pk}/notes/"
    response = team_client.post(
        url,
        {
            "notes": "We heard **three** themes.<script>alert(1)</script>",
            "outputs": "- [Slides](https://example.org/slides.pdf)",
        },
    )
    assert response["Location"] == event.get_absolute_url()
    page = parse(client.get(event.get_absolute_url()))
    assert page.select_one("#event-notes strong").text == "three"
    assert page.select_one("#event-notes script") is None
    assert page.select_one("#event-outputs a")["href"] == "https://example.org/slides.pdf"


def test_attendance_is_recorded_after_the_event_for_people_with_a_place(cast, team_client):
    event = EventFactory(lab=cast.lab, past=True)
    came = RegistrationFactory(event=event, user=cast.member)
    missed = RegistrationFactory(event=event, user=cast.participant)
    waiting = RegistrationFactory(event=event, waiting=True)
    url = f"/labs/the-lab/events/team/{event.pk}/attendance/"
    page = parse(team_client.get(url))
    legends = [text_of(legend) for legend in page.select("fieldset legend")]
    assert legends == ["Mo Member", "Pat Participant"]
    response = team_client.post(
        url,
        {
            f"attendance_{came.pk}": "attended",
            f"attendance_{missed.pk}": "did_not_attend",
            f"attendance_{waiting.pk}": "attended",
        },
    )
    assert response["Location"] == f"/labs/the-lab/events/team/{event.pk}/registrations/"
    came.refresh_from_db(), missed.refresh_from_db(), waiting.refresh_from_db()
    assert (came.attendance, missed.attendance, waiting.attendance) == ("attended", "did_not_attend", "")
    table = parse(team_client.get(response["Location"])).select_one("#registrations")
    assert "Attended" in text_of(table.select_one(f"#registration-{came.pk}"))
    assert "Did not attend" in text_of(table.select_one(f"#registration-{missed.pk}"))


def test_attendance_waits_until_the_event_has_started(cast, event, team_client):
    place = RegistrationFactory(event=event, user=cast.member)
    url = f"/labs/the-lab/events/team/{event.pk}/attendance/"
    assert "once the event has started" in text_of(parse(team_client.get(url)).select_one("main"))
    response = team_client.post(url, {f"attendance_{place.pk}": "attended"})
    assert "once the event has started" in text_of(parse(response).select_one("main"))
    place.refresh_from_db()
    assert place.attendance == ""


def test_the_registrations_page_shows_access_needs_and_the_queue_in_order(cast, event, team_client):
    RegistrationFactory(event=event, user=cast.member, access_needs="Step-free access")
    RegistrationFactory(event=event, user=cast.participant)
    first = RegistrationFactory(event=event, waiting=True, waiting_since=timezone.now() - timedelta(hours=2))
    second = RegistrationFactory(event=event, waiting=True, waiting_since=timezone.now() - timedelta(hours=1))
    page = parse(team_client.get(f"/labs/the-lab/events/team/{event.pk}/registrations/"))
    rows = page.select("#registrations tbody tr")
    assert [text_of(row.select("td")[2]) for row in rows] == [
        "Has a place",
        "Has a place",
        "Waiting list: number 1",
        "Waiting list: number 2",
    ]
    assert rows[2]["id"] == f"registration-{first.pk}" and rows[3]["id"] == f"registration-{second.pk}"
    assert "Step-free access" in text_of(page.select_one("#registrations"))
    counts = text_of(page.select_one("#registration-counts"))
    assert "Places taken 2 of 2" in counts
    assert "On the waiting list 2" in counts and "Cancelled 0" in counts


def test_the_registrations_export_neutralises_formulas(cast, event, team_client):
    RegistrationFactory(event=event, user=cast.member, access_needs='=HYPERLINK("http://evil.example","x")')
    RegistrationFactory(event=event, user=cast.participant, waiting=True, access_needs="@SUM(A1)")
    response = team_client.get(f"/labs/the-lab/events/team/{event.pk}/registrations.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["name", "email", "status", "waiting_position", "access_needs", "registered_at", "attendance"]
    assert rows[1][:5] == [
        "Mo Member",
        "member@example.org",
        "registered",
        "",
        '\'=HYPERLINK("http://evil.example","x")',
    ]
    assert rows[2][:5] == ["Pat Participant", "participant@example.org", "waiting", "1", "'@SUM(A1)"]


def test_an_event_that_has_happened_cannot_be_cancelled(cast, team_client):
    event = EventFactory(lab=cast.lab, past=True)
    response = team_client.post(f"/labs/the-lab/events/team/{event.pk}/cancel/", {"message": ""})
    assert "already happened" in text_of(parse(response).select_one(".nhsuk-error-summary"))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_draft_events_are_only_for_the_lab_team(cast, client_for):
    draft = EventFactory(lab=cast.lab, draft=True, title="Secret plans")
    assert client_for(cast.member).get(draft.get_absolute_url()).status_code == 404
    assert "Secret plans" not in client_for(cast.member).get("/labs/the-lab/events/").content.decode()
    team_page = parse(client_for(cast.team).get(draft.get_absolute_url()))
    assert "only the lab team" in text_of(team_page.select_one("#event-draft"))
    team_list = parse(client_for(cast.team).get("/labs/the-lab/events/team/"))
    assert "Secret plans" in text_of(team_list.select_one("#team-events"))


def test_the_public_list_separates_upcoming_and_past_events(cast, client):
    EventFactory(lab=cast.lab, title="Soon")
    EventFactory(lab=cast.lab, title="Earlier", past=True, notes="It went well.")
    EventFactory(lab=cast.lab, title="Called off", status=Event.Status.CANCELLED)
    page = parse(client.get("/labs/the-lab/events/"))
    upcoming = [text_of(a) for a in page.select("ul[aria-labelledby=upcoming] h3 a")]
    past = [text_of(a) for a in page.select("ul[aria-labelledby=past] h3 a")]
    assert upcoming == ["Soon", "Called off"] and past == ["Earlier"]
    assert "Cancelled" in text_of(page.select_one("ul[aria-labelledby=upcoming]"))
    assert page.select_one("#feed-link")["href"] == "/labs/the-lab/events/calendar.ics"


def test_the_lab_home_and_the_team_dashboard_lead_to_events(cast, client_for):
    home = parse(client_for(cast.member).get("/labs/the-lab/"))
    assert home.select_one("#events-link")["href"] == "/labs/the-lab/events/"
    dashboard = parse(client_for(cast.team).get("/labs/the-lab/team/"))
    assert dashboard.select_one("a.nhsuk-card__link[href='/labs/the-lab/events/team/']") is not None
