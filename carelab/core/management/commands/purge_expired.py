"""Delete finished background-task rows, expired sessions and unsent resume-link requests.

Run it from cron once a day, for example at 3:45am:

    45 3 * * * cd /srv/carelab && .venv/bin/python manage.py purge_expired

Finished (succeeded or failed) task rows are kept for CARELAB_TASK_RESULT_DAYS (7 by default),
long enough to look into a failure. Tasks waiting or running are never touched.
"""

from django.core.management.base import BaseCommand

from carelab.core.retention import purge_expired


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class Command(BaseCommand):
    help = "Delete finished task results older than CARELAB_TASK_RESULT_DAYS, expired sessions and old resume requests."

    def handle(self, *args, **options):
        purged = purge_expired()
        counts = [(purged.task_results, "finished task"), (purged.sessions, "expired session"), *purged.from_apps]
        parts = [_count(number, noun) for number, noun in counts]
        self.stdout.write(f"Deleted {', '.join(parts[:-1])} and {parts[-1]}.")
