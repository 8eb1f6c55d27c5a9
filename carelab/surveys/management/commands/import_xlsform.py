"""manage.py import_xlsform <lab-slug> <file>: a draft survey from an XLSForm, version 1 published.

The new survey's slug is the last word of the output, for scripts. When the form cannot be
used, every problem is written to stderr with its row and column, nothing is created, and
the command exits with status 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carelab.labs.models import Lab
from carelab.lib.xlsform import XLSFormError
from carelab.surveys.actions.builder import DefinitionError, import_survey


class Command(BaseCommand):
    help = "Import an XLSForm (.xlsx, .csv or .md) as a new draft survey of a lab, with version 1 published."

    def add_arguments(self, parser):
        parser.add_argument("lab_slug", help="The lab's slug, as in /labs/<slug>/.")
        parser.add_argument("file", type=Path, help="The XLSForm file.")

    def handle(self, *args, lab_slug, file, **options):
        lab = Lab.objects.filter(slug=lab_slug).first()
        if lab is None:
            raise CommandError(f"There is no lab with the slug '{lab_slug}'.")
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        try:
            survey = import_survey(lab, file, file.name, by=None)  # its size is checked before it is read
        except XLSFormError as error:
            problems = [str(problem) for problem in error.problems]
        except DefinitionError as error:
            problems = error.problems
        else:
            version = survey.current_version.number
            self.stdout.write(f"Imported '{survey.title}' into {lab.slug} as a draft with version {version} published.")
            self.stdout.write(f"Survey slug: {survey.slug}")
            return
        for problem in problems:
            self.stderr.write(problem)
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise CommandError(f"{file.name} has {count}; nothing was imported.")
