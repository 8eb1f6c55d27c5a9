"""manage.py import_xlsform <lab-slug> <file>: a draft survey from an XLSForm, version 1 published.

The new survey's slug is the last word of the output, for scripts. When the form cannot be
used, every problem is written to stderr with its row and column, nothing is created, and
the command exits with status 1. What CareLab leaves out of a form it imports (harmless) is
written to stderr as warnings. ``--choice-file towns.csv`` (any number of times) gives the CSV
files its ``select_one_from_file`` questions take their choices from.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carelab.labs.models import Lab
from carelab.lib.choice_files import MAX_CHOICE_FILE_BYTES
from carelab.lib.xlsform import XLSFormError
from carelab.surveys.actions.builder import DefinitionError, import_survey_with_warnings


class Command(BaseCommand):
    help = "Import an XLSForm (.xlsx, .csv or .md) as a new draft survey of a lab, with version 1 published."

    def add_arguments(self, parser):
        parser.add_argument("lab_slug", help="The lab's slug, as in /labs/<slug>/.")
        parser.add_argument("file", type=Path, help="The XLSForm file.")
        parser.add_argument(
            "--choice-file",
            type=Path,
            action="append",
            default=[],
            dest="choice_files",
            help="A CSV file the form's select_one_from_file questions use (repeat for each).",
        )

    def handle(self, *args, lab_slug, file, choice_files, **options):
        lab = Lab.objects.filter(slug=lab_slug).first()
        if lab is None:
            raise CommandError(f"There is no lab with the slug '{lab_slug}'.")
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        files = {}
        for path in choice_files:
            if not path.is_file():
                raise CommandError(f"There is no file at {path}.")
            with path.open("rb") as choice_file:
                files[path.name] = choice_file.read(MAX_CHOICE_FILE_BYTES + 1)  # the parser refuses a bigger one
        try:
            # The form's size is checked before it is read.
            survey, warnings = import_survey_with_warnings(lab, file, file.name, by=None, files=files)
        except XLSFormError as error:
            problems = [str(problem) for problem in error.problems]
        except DefinitionError as error:
            problems = error.problems
        else:
            for warning in warnings:
                self.stderr.write(f"Left out: {warning}")
            version = survey.current_version.number
            self.stdout.write(f"Imported '{survey.title}' into {lab.slug} as a draft with version {version} published.")
            self.stdout.write(f"Survey slug: {survey.slug}")
            return
        for problem in problems:
            self.stderr.write(problem)
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise CommandError(f"{file.name} has {count}; nothing was imported.")
