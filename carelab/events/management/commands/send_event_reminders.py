"""Queue a reminder e-mail for each place at an event starting in the next 24 hours.

Run it from cron every hour:

    5 * * * * cd /srv/carelab && .venv/bin/python manage.py send_event_reminders

Each registration gets one reminder at most, however often this runs: the time it was sent
is recorded on the registration before the e-mail is queued. The e-mails are sent by the
task worker (`manage.py db_worker`).
"""

from django.core.management.base import BaseCommand

from carelab.events.actions import send_due_reminders


class Command(BaseCommand):
    help = "Queue a reminder to everyone with a place at an event starting in the next 24 hours."

    def handle(self, *args, **options):
        queued = send_due_reminders()
        self.stdout.write(f"Queued {queued} event {'reminder' if queued == 1 else 'reminders'}.")
