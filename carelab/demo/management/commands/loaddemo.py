from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from carelab.demo.actions import load_demo
from carelab.demo.connect import load_demo_introductions
from carelab.demo.events import load_demo_events
from carelab.demo.evidence import load_demo_evidence
from carelab.demo.improvement import load_demo_improvement
from carelab.demo.insights import load_demo_insights
from carelab.demo.organisations import load_demo_organisations
from carelab.demo.participants import load_demo_participants
from carelab.demo.updates import load_demo_updates
from carelab.safeguarding.actions import without_emailing_the_team


class Command(BaseCommand):
    help = "Load (or refresh) the demo lab 'pain-and-mental-health' with its demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even with DEBUG off. Demo accounts have a known password."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real site. The demo creates accounts with a known password. "
                "Run with --force if you really want it here."
            )
        # The demo's flags come from made-up answers and its team is made up: nobody is e-mailed
        # about them. Nothing else the demo loads queues an e-mail either (docs/operations.md).
        with without_emailing_the_team():
            lab = load_demo(settings.CARELAB_DEMO_PASSWORD)
            load_demo_events(lab)
            load_demo_organisations(lab)
            load_demo_participants(lab, settings.CARELAB_DEMO_PASSWORD)
            load_demo_evidence(lab)  # after the organisations and participants it links to
            load_demo_insights(lab)  # after the survey's answers and the evidence it codes
            load_demo_improvement(lab)  # after the insights its ideas name and the people in its teams
            load_demo_updates(lab)
            load_demo_introductions(lab)
        self.stdout.write(self.style.SUCCESS(f"Demo lab ready at /labs/{lab.slug}/"))
