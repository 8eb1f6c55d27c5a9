"""manage.py import_qdpx <lab-slug> <file>: add a REFI-QDA project's codes, text sources, codings and memos.

Prints the report, its last line the counts. A file that cannot be read saves nothing: the problem goes
to stderr and the command exits with 1.
"""

from carelab.insights import exchange
from carelab.insights.management.commands._exchange import ImportCommand


class Command(ImportCommand):
    help = "Import a REFI-QDA project (.qdpx) into a lab: codes, text sources, codings and memos."

    def read(self, lab, data: bytes) -> exchange.ImportReport:
        return exchange.import_project_file(lab, data)
