"""The demo lab's workshops and events: past ones with attendance, notes and outputs, and
upcoming ones online and in person, one of them full with a waiting list.

Dated relative to today so the demo always has both. Safe to run again: each event is found
by its title and moved to its new dates; registrations are set to what the demo describes.
Registrations are written directly, so loading the demo sends no e-mails.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from carelab.accounts.models import User
from carelab.events.models import EVENT_TIME_ZONE, Event, Registration
from carelab.labs.models import Lab

VENUE = "Community room, Riverside Mind\n14 Mill Lane\nLeeds\nLS1 4AB"
# (email, status, attendance, access needs)
PEOPLE_AT = {
    "launch-webinar": [
        ("participant@example.org", "registered", "attended", ""),
        ("alex@example.org", "registered", "attended", "Captions, please."),
        ("morgan@example.org", "registered", "did_not_attend", ""),
        ("member@example.org", "registered", "attended", ""),
    ],
    "first-workshop": [
        ("participant@example.org", "registered", "attended", "I need to stand up and move around every 20 minutes."),
        ("alex@example.org", "registered", "attended", ""),
        ("morgan@example.org", "registered", "attended", "Step-free access."),
    ],
    "making-sense": [
        ("participant@example.org", "registered", "", ""),
        ("morgan@example.org", "registered", "", ""),
    ],
    "ideas-workshop": [
        ("alex@example.org", "registered", "", "A chair with arms, please."),
        ("morgan@example.org", "registered", "", ""),
        ("member@example.org", "waiting", "", ""),
    ],
}

EVENTS = [
    {
        "key": "launch-webinar",
        "title": "Launch webinar: what this lab is about",
        "days_from_today": -45,
        "hour": 18,
        "minutes": 60,
        "format": Event.Format.ONLINE,
        "capacity": None,
        "summary": (
            "An hour to meet the lab team, hear what the lab will do this year and ask questions. "
            "Open to everyone.\n\nThe webinar has live captions."
        ),
        "notes": (
            "Thirty-eight people joined. People asked most about:\n\n"
            "- how their stories would be used and kept safe\n"
            "- whether they could take part without travelling\n"
            "- how long the launch survey takes (about 10 minutes)\n\n"
            "Several people said they had never been asked about pain and mental health together before."
        ),
        "outputs": "- The slides from the webinar (PDF)\n- A summary of the questions people asked, with our answers",
    },
    {
        "key": "first-workshop",
        "title": "Workshop: what gets in the way of good care",
        "days_from_today": -12,
        "hour": 10,
        "minutes": 180,
        "format": Event.Format.IN_PERSON,
        "capacity": 20,
        "summary": (
            "A morning workshop for people living with pain and mental health problems, carers and staff. "
            "We will map what helps and what gets in the way.\n\nThere are breaks every 45 minutes, and chairs "
            "and space to stand."
        ),
        "notes": (
            "Fourteen people took part. Three themes came up again and again: telling your story many times, "
            "being passed between services, and waiting lists with no support while you wait."
        ),
        "outputs": "- The map of what helps and what gets in the way, typed up\n- Photos of the wall of sticky notes",
    },
    {
        "key": "making-sense",
        "title": "Making sense of what we heard",
        "days_from_today": 9,
        "hour": 14,
        "minutes": 90,
        "format": Event.Format.ONLINE,
        "capacity": 40,
        "summary": "We will share what the survey and the first workshop found, and ask you what we have missed.",
    },
    {
        "key": "ideas-workshop",
        "title": "Ideas workshop: How might we…?",
        "days_from_today": 23,
        "hour": 10,
        "minutes": 150,
        "format": Event.Format.IN_PERSON,
        "capacity": 2,
        "summary": (
            "A small, hands-on session turning what we have heard into questions that start with "
            "“How might we…?”. Places are few so that everyone can be heard."
        ),
    },
    {
        "key": "test-team-drop-in",
        "title": "Test team drop-in for participants",
        "days_from_today": 40,
        "hour": 12,
        "minutes": 60,
        "format": Event.Format.HYBRID,
        "capacity": None,
        "participants_only": True,
        "summary": "An informal hour for lab participants thinking about joining a test team in the spring.",
    },
    {
        "key": "evening-webinar",
        "title": "Evening webinar for carers",
        "days_from_today": 16,
        "hour": 19,
        "minutes": 60,
        "format": Event.Format.ONLINE,
        "capacity": None,
        "cancelled": "We are sorry: the speaker is unwell. We will set a new date soon.",
        "summary": "A webinar for people who care for someone living with pain and mental health problems.",
    },
]


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=EVENT_TIME_ZONE)


@transaction.atomic
def load_demo_events(lab: Lab, today=None) -> list[Event]:
    today = today or timezone.localdate()
    team = User.objects.filter(email="team@example.org").first()
    events = []
    for item in EVENTS:
        starts_at = _at(today + timedelta(days=item["days_from_today"]), item["hour"])
        cancelled = item.get("cancelled")
        event, _ = Event.objects.update_or_create(
            lab=lab,
            title=item["title"],
            defaults={
                "summary": item["summary"],
                "format": item["format"],
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=item["minutes"]),
                "venue": VENUE if item["format"] != Event.Format.ONLINE else "",
                "joining_link": "https://meet.example.org/pain-lab" if item["format"] != Event.Format.IN_PERSON else "",
                "capacity": item["capacity"],
                "who_may_register": Event.WhoMayRegister.PARTICIPANTS
                if item.get("participants_only")
                else Event.WhoMayRegister.ANYONE,
                "status": Event.Status.CANCELLED if cancelled else Event.Status.PUBLISHED,
                "cancellation_message": cancelled or "",
                "cancelled_at": timezone.now() if cancelled else None,
                "notes": item.get("notes", ""),
                "outputs": item.get("outputs", ""),
                "created_by": team,
            },
        )
        for order, (email, status, attendance, access_needs) in enumerate(PEOPLE_AT.get(item["key"], [])):
            user = User.objects.filter(email=email).first()
            if user is None:
                continue
            asked_at = starts_at - timedelta(days=20, hours=-order)
            Registration.objects.update_or_create(
                event=event,
                user=user,
                defaults={
                    "status": status,
                    "attendance": attendance,
                    "access_needs": access_needs,
                    "waiting_since": asked_at,
                    "place_given_at": asked_at if status == Registration.Status.REGISTERED else None,
                    "cancelled_at": None,
                    "reminder_sent_at": starts_at - timedelta(hours=24) if starts_at < timezone.now() else None,
                },
            )
        events.append(event)
    return events
