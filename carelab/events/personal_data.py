"""A person's event registrations (places, waiting list, access needs, attendance) and the events
they set up for a lab team, for "Your data" (carelab/core/your_data.py)."""

from django.db.models import Count, Max

from carelab.core.your_data import Privacy, Record, Section, counted_records, team_work_privacy
from carelab.events.models import Event, Registration


def _record(registration: Registration) -> Record:
    event = registration.event
    record: Record = [
        ("Lab", event.lab.title),
        ("Event", event.title),
        ("Starts", event.starts_at),
        ("Registered", registration.created_at),
        ("Status", registration.get_status_display()),
    ]
    if registration.is_waiting:
        record += [
            ("Place on the waiting list", registration.waiting_position),
            ("Waiting since", registration.waiting_since),
        ]
    record += [
        ("Place given", registration.place_given_at),
        ("What would make it easier for you to take part", registration.access_needs),
        ("Reminder sent", registration.reminder_sent_at),
    ]
    if registration.status == Registration.Status.CANCELLED:
        record += [
            ("Cancelled", registration.cancelled_at),
            ("Cancelled by the lab team", registration.cancelled_by_team),
        ]
    record.append(("Attendance", registration.get_attendance_display()))
    return record


def sections(user) -> list[Section]:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event__lab")
        .with_waiting_position()
        .order_by("event__starts_at", "pk")
    )
    found = [
        Section(
            key="event_registrations",
            title="Your event registrations",
            on_deletion="Deleted, and any place you hold at an event still to come goes to the next person waiting.",
            records=[_record(registration) for registration in registrations],
        )
    ]
    created = Event.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    if records := counted_records([("Set up an event", created["count"], created["latest"])]):
        found.append(
            Section(
                key="events_set_up",
                title="Events you set up for a lab team",
                on_deletion="Kept for the lab's records without your name: the events stay as they are.",
                kept_after_deletion=True,
                records=records,
            )
        )
    return found


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("event_registrations",),
            title="Event registrations",
            held=(
                "The events you register for, your place or place on the waiting list, anything you tell us would "
                "make it easier to take part (which may be about your health), reminders sent, and whether you came."
            ),
            why=(
                "To give you a place, tell you about the event and make it accessible to you. What you tell us "
                "about access needs you choose to share, and it is used only for this."
            ),
            who_sees=(
                "The lab team of that lab sees who is coming, with each person's name, email address and access "
                "needs, and can download the list. Other participants do not see who is coming."
            ),
            kept_for="Until you delete your account.",
            your_choices="Cancel a registration on the event's page. Deleting your account deletes your registrations.",
        ),
        team_work_privacy(
            ("events_set_up",),
            "Events set up by lab-team members",
            "How many events a lab-team member set up.",
        ),
    ]
