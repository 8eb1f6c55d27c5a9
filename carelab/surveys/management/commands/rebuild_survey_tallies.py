"""Recount a lab's survey tallies from the submitted answers themselves.

The results pages read tallies that each submission keeps up to date (carelab/surveys/tallies.py).
They never need rebuilding in normal use; this is for after restoring answers from a backup
or changing answers by hand in the database:

    manage.py rebuild_survey_tallies <lab-slug> [<survey-slug> ...]
"""

from django.core.management.base import BaseCommand, CommandError

from carelab.labs.models import Lab
from carelab.surveys.answer_rows import rebuild_tallies
from carelab.surveys.models import Survey


class Command(BaseCommand):
    help = "Recount the tallies the survey results pages read, from the submitted answers."

    def add_arguments(self, parser):
        parser.add_argument("lab", help="The lab's slug")
        parser.add_argument("surveys", nargs="*", help="Survey slugs (every survey of the lab if none)")

    def handle(self, *args, lab, surveys, **options):
        try:
            lab = Lab.objects.get(slug=lab)
        except Lab.DoesNotExist:
            raise CommandError(f"There is no lab with the slug '{lab}'.") from None
        chosen = Survey.objects.for_lab(lab).order_by("slug")
        if surveys:
            chosen = chosen.filter(slug__in=surveys)
            missing = sorted(set(surveys) - set(chosen.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"{lab.title} has no survey with the slug {', '.join(missing)}.")
        for survey in chosen:
            counted = rebuild_tallies(survey)
            self.stdout.write(
                f"{survey.slug}: recounted {counted} submitted {'response' if counted == 1 else 'responses'}."
            )
