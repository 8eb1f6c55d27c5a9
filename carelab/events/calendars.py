"""Events as iCalendar (RFC 5545): one event's .ics invitation, and each lab's feed.

Times are written in UTC ("…Z"). Every calendar program turns them into the reader's own
clock, and no VTIMEZONE is needed for single, non-repeating events, so a workshop at 10am
in London shows as 10am in London whatever the time of year.

An event keeps the same UID everywhere (the download, the e-mail and the feed), so a
calendar that has it from two places shows it once, and SEQUENCE goes up with each change
so calendars replace the copy they hold. The joining link goes only into the copies made
for someone with a place (`with_joining_link=True`); the feed never carries it. The description
is the event's Markdown summary as plain text (`markdown_to_text`), with links absolute; the
icalendar library escapes and folds it as RFC 5545 says.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from carelab.core.email import absolute_url
from carelab.events.models import Event
from carelab.labs.models import Lab
from carelab.lib.markdown import markdown_to_text

PRODID = "-//CareLab//Lab events//EN"
FEED_REFRESH = timedelta(hours=6)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "carelab"


def event_uid(event: Event) -> str:
    """The event's iCalendar UID: the same for as long as the event exists."""
    return f"carelab-event-{event.pk}@{_host()}"


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _one_line(text: str) -> str:
    return ", ".join(line.strip() for line in text.splitlines() if line.strip())


def _location(event: Event, with_joining_link: bool) -> str:
    if event.is_in_person and event.venue:
        return _one_line(event.venue)
    if event.is_online and with_joining_link and event.joining_link:
        return event.joining_link
    return "Online" if event.is_online else ""


def _description(event: Event, with_joining_link: bool) -> str:
    page = absolute_url(event.get_absolute_url())
    parts = [markdown_to_text(event.summary, base_url=settings.SITE_URL)]
    if event.is_cancelled:
        parts.insert(0, "This event is cancelled.")
    elif event.is_online:
        if with_joining_link and event.joining_link:
            parts.append(f"How to join online: {event.joining_link}")
        else:
            parts.append("People with a place get the link to join online.")
    parts.append(f"Event page: {page}")
    return "\n\n".join(part for part in parts if part)


def vevent(event: Event, *, with_joining_link: bool, stamp: datetime) -> icalendar.Event:
    component = icalendar.Event.new(
        uid=event_uid(event),
        summary=event.title,
        start=_utc(event.starts_at),
        end=_utc(event.ends_at),
        stamp=_utc(stamp),
        sequence=event.sequence,
        status="CANCELLED" if event.is_cancelled else "CONFIRMED",
        url=absolute_url(event.get_absolute_url()),
        description=_description(event, with_joining_link),
        location=_location(event, with_joining_link) or None,
    )
    component.add("created", _utc(event.created_at))
    component.add("last-modified", _utc(event.updated_at))
    return component


def event_ics(event: Event, *, with_joining_link: bool, now: datetime | None = None) -> str:
    """One event as an invitation to add to a calendar (the download and the e-mail attachment)."""
    calendar = icalendar.Calendar.new(prodid=PRODID, method="PUBLISH")
    calendar.add_component(vevent(event, with_joining_link=with_joining_link, stamp=now or timezone.now()))
    return calendar.to_ical().decode()


def lab_feed_ics(lab: Lab, events: Iterable[Event]) -> str:
    """The lab's published and cancelled events, for calendar programs to subscribe to. No joining links.

    With no METHOD, DTSTAMP is the event's last change (RFC 5545, 3.8.7.2), so the feed only
    changes when an event does.
    """
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        uid=f"carelab-lab-{lab.pk}-events@{_host()}",
        name=f"{lab.title}: events",
        description=f"Workshops and events of {lab.title}",
        url=absolute_url(reverse("events:list", args=[lab.slug])),
        refresh_interval=FEED_REFRESH,
    )
    calendar.add("x-published-ttl", FEED_REFRESH)  # Outlook's name for REFRESH-INTERVAL
    for event in events:
        calendar.add_component(vevent(event, with_joining_link=False, stamp=event.updated_at))
    return calendar.to_ical().decode()
