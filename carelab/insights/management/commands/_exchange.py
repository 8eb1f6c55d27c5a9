"""What the four REFI-QDA commands share: finding the lab, reading and writing the file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carelab.insights import exchange
from carelab.labs.models import Lab
from carelab.lib.refiqda import MAX_FILE_BYTES, RefiQdaError


def lab_with_slug(slug: str) -> Lab:
    lab = Lab.objects.filter(slug=slug).first()
    if lab is None:
        raise CommandError(f"There is no lab with the slug '{slug}'.")
    return lab


class ExportCommand(BaseCommand):
    what = ""

    def add_arguments(self, parser):
        parser.add_argument("lab_slug", help="The lab's slug, as in /labs/<slug>/.")
        parser.add_argument("file", type=Path, help="The file to write.")

    def export(self, lab) -> bytes:
        raise NotImplementedError

    def handle(self, *args, lab_slug, file, **options):
        lab = lab_with_slug(lab_slug)
        try:
            data = self.export(lab)
        except RefiQdaError as error:
            raise CommandError(str(error)) from error
        try:
            file.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}.") from error
        self.stdout.write(f"Wrote {self.what} of {lab.title} to {file} ({len(data):,} bytes).")


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("lab_slug", help="The lab's slug, as in /labs/<slug>/.")
        parser.add_argument("file", type=Path, help="The file to import.")

    def read(self, lab, data: bytes) -> exchange.ImportReport:
        raise NotImplementedError

    def handle(self, *args, lab_slug, file, **options):
        lab = lab_with_slug(lab_slug)
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        with file.open("rb") as opened:
            data = opened.read(MAX_FILE_BYTES + 1)  # the reader refuses a bigger one
        try:
            report = self.read(lab, data)
        except (RefiQdaError, exchange.ExchangeError) as error:
            raise CommandError(f"{file.name}: {str(error).rstrip('.')}. Nothing was imported.") from error
        for line in report.lines():
            self.stdout.write(line)
