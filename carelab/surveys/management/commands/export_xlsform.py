"""manage.py export_xlsform <lab-slug> <survey-slug> <file>: the survey's working definition as an .xlsx XLSForm.

The file imports back (with import_xlsform or the upload page) to the same survey.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carelab.lib.xlsform import write_xlsform
from carelab.surveys.models import Survey


class Command(BaseCommand):
    help = "Write a survey as an .xlsx XLSForm."

    def add_arguments(self, parser):
        parser.add_argument("lab_slug")
        parser.add_argument("survey_slug")
        parser.add_argument("file", type=Path, help="Where to write the .xlsx file.")

    def handle(self, *args, lab_slug, survey_slug, file, **options):
        survey = Survey.objects.filter(lab__slug=lab_slug, slug=survey_slug).first()
        if survey is None:
            raise CommandError(f"Lab '{lab_slug}' has no survey with the slug '{survey_slug}'.")
        if file.suffix.lower() != ".xlsx":
            raise CommandError("The file name must end in .xlsx.")
        try:
            content = write_xlsform(survey.definition_for_xlsform())
        except ValueError as error:
            raise CommandError(f"The survey cannot be written as an XLSForm: {error}") from error
        file.write_bytes(content)
        self.stdout.write(f"Wrote {survey.slug} to {file}")
