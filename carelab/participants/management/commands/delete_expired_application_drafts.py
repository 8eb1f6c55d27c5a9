"""Delete unsent applications to become a lab participant that nobody has saved for a while.

Run it from cron once a day, for example at 3:30am:

    30 3 * * * cd /srv/carelab && .venv/bin/python manage.py delete_expired_application_drafts

A draft is kept for CARELAB_APPLICATION_DRAFT_DAYS (30 by default) after it was last saved.
Sent applications are never touched.
"""

from django.core.management.base import BaseCommand

from carelab.participants.actions import delete_expired_drafts


class Command(BaseCommand):
    help = "Delete unsent participant applications older than CARELAB_APPLICATION_DRAFT_DAYS."

    def handle(self, *args, **options):
        deleted = delete_expired_drafts()
        self.stdout.write(f"Deleted {deleted} unsent {'application' if deleted == 1 else 'applications'}.")
