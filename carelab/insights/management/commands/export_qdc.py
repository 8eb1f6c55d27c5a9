"""manage.py export_qdc <lab-slug> <file>: write the lab's codebook as a REFI-QDA codebook (.qdc)."""

from carelab.insights import exchange
from carelab.insights.management.commands._exchange import ExportCommand


class Command(ExportCommand):
    help = "Export a lab's codebook as a REFI-QDA codebook (.qdc)."
    what = "the codebook"

    def export(self, lab) -> bytes:
        return exchange.export_codebook(lab)
