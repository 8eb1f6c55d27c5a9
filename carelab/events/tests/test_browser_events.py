"""Events in a real browser, with JavaScript off (decision 0044), axe on every page.

A member joins the waiting list of a full workshop, gets the place when the person who had it
cancels, then cancels it themselves. The lab team adds an event (fixing a time that the clocks
skip), looks after registrations, records attendance and writes notes.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.events.models import Event, Registration
from carelab.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.browser

SECRET_LINK = "https://meet.example.org/secret-room-42"


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def banner(page):
    return page.locator(".nhsuk-notification-banner")


def test_a_member_waits_for_a_place_gets_it_when_someone_cancels_then_cancels_it(new_page, sign_in_browser, cast):
    event = EventFactory(lab=cast.lab, title="Ideas workshop", capacity=1)
    RegistrationFactory(event=event, user=cast.participant)
    member = new_page(javascript=False)
    sign_in_browser(member, cast.member)
    participant = new_page(javascript=False)
    sign_in_browser(participant, cast.participant)

    # The member finds the event from the lab's home page; it is full.
    member.goto(cast.lab.get_absolute_url())
    axe_check(member)
    follow(member.get_by_role("link", name="Workshops and events"))
    expect(member.get_by_role("heading", level=1)).to_have_text("Workshops and events")
    follow(member.get_by_role("link", name="Ideas workshop"))
    expect(member.locator("#event-facts")).to_contain_text("Full (1 places): you can join the waiting list")
    expect(member.get_by_text(SECRET_LINK)).to_have_count(0)

    follow(member.get_by_role("button", name="Join the waiting list"))
    member.get_by_label(re.compile("Is there anything we can do")).fill("Captions, please.")
    follow(member.get_by_role("button", name="Join the waiting list"))
    expect(banner(member)).to_contain_text("you are on the waiting list: number 1")
    expect(member.locator("#your-registration")).to_contain_text("You are number 1 on the waiting list")
    expect(member.locator("#your-registration")).to_contain_text("Captions, please.")
    expect(member.locator("#joining-link")).to_have_count(0)

    # The participant gives up their place, after the confirmation page.
    participant.goto(event.get_absolute_url())
    axe_check(participant)
    follow(participant.get_by_role("link", name=re.compile("^Cancel your place")))
    expect(participant.get_by_role("heading", level=1)).to_have_text("Cancel your place?")
    follow(participant.get_by_role("button", name="Yes, cancel my place"))
    expect(banner(participant)).to_contain_text("Your place is cancelled.")

    # The place went to the member at once.
    member.reload()
    axe_check(member)
    expect(member.locator("#your-registration")).to_contain_text("You have a place.")
    expect(member.locator("#joining-link a")).to_have_attribute("href", SECRET_LINK)

    # Their events page lists it, and they cancel from there.
    member.goto(event.get_absolute_url().replace(f"{event.pk}/", "yours/"))
    axe_check(member)
    expect(member.get_by_role("heading", level=1)).to_have_text("Your events")
    follow(member.get_by_role("link", name=re.compile("^Cancel your place")))
    follow(member.get_by_role("button", name="Yes, cancel my place"))
    expect(banner(member)).to_contain_text("Your place is cancelled.")
    expect(member.get_by_role("button", name="Register")).to_be_visible()
    statuses = set(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == {"cancelled"}


def test_a_signed_out_visitor_is_asked_to_sign_in_and_comes_back_to_register(page, cast):
    event = EventFactory(lab=cast.lab, title="Open webinar")
    page.goto(event.get_absolute_url())
    axe_check(page)
    follow(page.get_by_role("button", name="Register"))
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=.*register"))


def test_the_lab_team_runs_an_event_from_start_to_finish(new_page, sign_in_browser, cast):
    past = EventFactory(lab=cast.lab, title="Last month's workshop", past=True)
    came = RegistrationFactory(event=past, user=cast.participant, access_needs="Step-free access")
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)

    team.goto(f"/labs/{cast.lab.slug}/team/")
    axe_check(team)
    follow(team.get_by_role("main").get_by_role("link", name="Events", exact=True))  # not the lab menu's
    follow(team.get_by_role("button", name="Add an event"))

    # A time the clocks skip is refused with what to do; everything typed stays.
    team.get_by_label("Title").fill("Making sense together")
    team.get_by_label("What is the event about?").fill("We share what we heard.")
    team.get_by_label("In person", exact=True).check()
    team.get_by_label("Starts").fill("2031-03-30T01:30")
    team.get_by_label("Ends").fill("2031-03-30T04:00")
    team.get_by_label("Venue address").fill("Riverside Mind\nLeeds")
    team.get_by_label("Number of places (optional)").fill("2")
    team.get_by_role("radio", name=re.compile("^Published")).check()
    follow(team.get_by_role("button", name="Save event"))
    expect(team.locator(".nhsuk-error-summary")).to_contain_text("The clocks go forward at 1am on 30 March 2031")
    expect(team.get_by_label("Title")).to_have_value("Making sense together")
    team.get_by_label("Starts").fill("2031-03-30T10:00")
    team.get_by_label("Ends").fill("2031-03-30T12:00")
    follow(team.get_by_role("button", name="Save event"))
    expect(banner(team)).to_contain_text("Event published.")
    expect(team.locator("#event-facts")).to_contain_text("Sunday 30 March 2031, 10am to midday (UK time)")
    created = Event.objects.get(title="Making sense together")
    assert created.starts_at == datetime(2031, 3, 30, 9, 0, tzinfo=UTC)

    # Cancel the new event, telling the people who registered.
    RegistrationFactory(event=created, user=cast.member)
    follow(team.get_by_role("link", name="Cancel this event"))
    team.get_by_label("Message to people who registered (optional)").fill("We will find a new date.")
    follow(team.get_by_role("button", name="Yes, cancel the event"))
    expect(team.locator("#event-cancelled")).to_contain_text("We will find a new date.")

    # The workshop that happened: registrations, attendance, and notes.
    team.goto(f"/labs/{cast.lab.slug}/events/team/")
    axe_check(team)
    follow(team.get_by_role("link", name="Registrations for Last month's workshop"))
    expect(team.locator("#registrations")).to_contain_text("Step-free access")
    follow(team.get_by_role("link", name="Record attendance"))
    team.get_by_role("group", name="Pat Participant").get_by_label("Attended").check()
    follow(team.get_by_role("button", name="Save attendance"))
    expect(team.locator(f"#registration-{came.pk}")).to_contain_text("Attended")
    follow(team.get_by_role("link", name="Write notes and outputs"))
    team.get_by_label("Notes from the event").fill("Three themes came up: **waiting**, repeating, joining up.")
    follow(team.get_by_role("button", name="Save notes and outputs"))
    expect(team.locator("#event-notes strong")).to_have_text("waiting")

    # A place the team cancels for someone, from the registrations list of an upcoming event.
    upcoming = EventFactory(lab=cast.lab, title="Coming soon", starts_at=timezone.now() + timedelta(days=3))
    RegistrationFactory(event=upcoming, user=cast.member)
    team.goto(f"/labs/{cast.lab.slug}/events/team/{upcoming.pk}/registrations/")
    axe_check(team)
    follow(team.get_by_role("link", name="Cancel Mo Member's registration"))
    follow(team.get_by_role("button", name="Yes, cancel the registration"))
    expect(banner(team)).to_contain_text("Registration for Mo Member cancelled.")
