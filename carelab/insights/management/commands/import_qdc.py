"""manage.py import_qdc <lab-slug> <file>: add a REFI-QDA codebook's codes to the lab's codebook.

Prints the report, its last line the counts. A file that cannot be read saves nothing: the problem goes
to stderr and the command exits with 1.
"""

from carelab.insights import exchange
from carelab.insights.management.commands._exchange import ImportCommand


class Command(ImportCommand):
    help = "Import a REFI-QDA codebook (.qdc) into a lab's codebook."

    def read(self, lab, data: bytes) -> exchange.ImportReport:
        return exchange.import_codebook_file(lab, data)
