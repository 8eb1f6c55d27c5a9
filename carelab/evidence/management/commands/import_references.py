"""manage.py import_references <lab-slug> <file>: add a reference file's references to a lab's evidence library.

Prints the import report: what the file was read as, each duplicate with what it matches, each record
skipped with its line and why, and last, exactly "N imported, M duplicates, K skipped". A file that
cannot be read saves nothing: the problem, with its line, goes to stderr and the command exits with 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carelab.evidence.actions_imports import import_references
from carelab.labs.models import Lab
from carelab.lib.references import MAX_FILE_BYTES, ReferenceFileError


class Command(BaseCommand):
    help = "Import references (RIS, PubMed .nbib, BibTeX, Web of Science or CSV) into a lab's evidence library."

    def add_arguments(self, parser):
        parser.add_argument("lab_slug", help="The lab's slug, as in /labs/<slug>/.")
        parser.add_argument("file", type=Path, help="The reference file.")

    def handle(self, *args, lab_slug, file, **options):
        lab = Lab.objects.filter(slug=lab_slug).first()
        if lab is None:
            raise CommandError(f"There is no lab with the slug '{lab_slug}'.")
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        with file.open("rb") as opened:
            data = opened.read(MAX_FILE_BYTES + 1)  # the reader refuses a bigger one
        try:
            report = import_references(lab, data, file.name, by=None)
        except ReferenceFileError as error:
            raise CommandError(f"{file.name}: {error}. Nothing was imported.") from error
        for line in report.lines():
            self.stdout.write(line)
