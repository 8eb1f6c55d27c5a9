"""Queue the moderation digest e-mail for every lab.

Run it from cron once or twice a day, for example every morning at 8:

    0 8 * * * cd /srv/carelab && .venv/bin/python manage.py send_moderation_digests

The e-mails are sent by the task worker (`manage.py db_worker`). A lab with nothing
waiting gets no e-mail.
"""

from django.core.management.base import BaseCommand

from carelab.comments.tasks import send_moderation_digest
from carelab.labs.models import Lab


class Command(BaseCommand):
    help = "Queue an e-mail to each lab's team listing comments waiting for moderation and open reports."

    def handle(self, *args, **options):
        lab_ids = list(Lab.objects.order_by("pk").values_list("pk", flat=True))
        for lab_id in lab_ids:
            send_moderation_digest.enqueue(lab_id)
        self.stdout.write(f"Queued the moderation digest for {len(lab_ids)} labs.")
