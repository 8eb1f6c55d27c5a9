"""Delete unfinished survey answers that have not been saved for longer than the survey keeps them.

Run it from cron once a day, for example at 3am:

    0 3 * * * cd /srv/carelab && .venv/bin/python manage.py delete_expired_survey_drafts

Each survey says how long it keeps drafts (`draft_retention_days`, 30 by default), counted from
when the draft was last saved. Submitted responses are never touched.
"""

from django.core.management.base import BaseCommand

from carelab.surveys.actions.answering import delete_expired_drafts


class Command(BaseCommand):
    help = "Delete unfinished survey answers older than each survey's retention period."

    def handle(self, *args, **options):
        deleted = delete_expired_drafts()
        self.stdout.write(f"Deleted {deleted} unfinished survey {'response' if deleted == 1 else 'responses'}.")
