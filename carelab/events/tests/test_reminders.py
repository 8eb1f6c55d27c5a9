"""`manage.py send_event_reminders`: one reminder per place, about a day before."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from carelab.events import actions
from carelab.events.models import Event, Registration
from carelab.events.tests.factories import EventFactory, RegistrationFactory
from carelab.events.tests.helpers import only_email_to


def run(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_event_reminders", stdout=out)
    return out.getvalue()


def test_people_with_a_place_get_one_reminder_however_often_the_command_runs(cast, django_capture_on_commit_callbacks):
    soon = EventFactory(lab=cast.lab, title="Tomorrow's workshop", starts_at=timezone.now() + timedelta(hours=20))
    place = RegistrationFactory(event=soon, user=cast.member)
    RegistrationFactory(event=soon, user=cast.participant, waiting=True)
    RegistrationFactory(event=soon, status=Registration.Status.CANCELLED)
    later = EventFactory(lab=cast.lab, starts_at=timezone.now() + timedelta(days=3))
    RegistrationFactory(event=later)
    called_off = EventFactory(
        lab=cast.lab, status=Event.Status.CANCELLED, starts_at=timezone.now() + timedelta(hours=5)
    )
    RegistrationFactory(event=called_off)
    gone = EventFactory(lab=cast.lab, past=True)
    RegistrationFactory(event=gone)

    assert run(django_capture_on_commit_callbacks) == "Queued 1 event reminder.\n"
    reminder = only_email_to("member@example.org")
    assert reminder.subject.startswith("CareLab: Reminder: Tomorrow's workshop, ")
    assert "https://meet.example.org/secret-room-42" in reminder.body
    assert len(mail.outbox) == 1
    place.refresh_from_db()
    assert place.reminder_sent_at is not None

    assert run(django_capture_on_commit_callbacks) == "Queued 0 event reminders.\n"
    assert len(mail.outbox) == 1


def test_a_reminder_already_claimed_is_not_claimed_again(cast, event):
    event.starts_at = timezone.now() + timedelta(hours=2)
    event.ends_at = event.starts_at + timedelta(hours=1)
    event.save()
    RegistrationFactory(event=event, user=cast.member)
    now = timezone.now()
    assert actions.send_due_reminders(now=now) == 1
    assert actions.send_due_reminders(now=now) == 0


def test_registering_again_after_cancelling_earns_a_new_reminder(cast, event):
    event.starts_at = timezone.now() + timedelta(hours=2)
    event.ends_at = event.starts_at + timedelta(hours=1)
    event.save()
    registration = actions.register(event=event, user=cast.member)
    assert actions.send_due_reminders() == 1
    actions.cancel_registration(registration=registration)
    actions.register(event=event, user=cast.member)
    assert actions.send_due_reminders() == 1
