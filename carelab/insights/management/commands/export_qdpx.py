"""manage.py export_qdpx <lab-slug> <file>: write the lab's coding as a REFI-QDA project (.qdpx).

The file holds the text of every source (people's own words): keep it as safely as the lab's data.
"""

from carelab.insights import exchange
from carelab.insights.management.commands._exchange import ExportCommand


class Command(ExportCommand):
    help = "Export a lab's codebook, sources, codings and memos as a REFI-QDA project (.qdpx)."
    what = "the coding project"

    def export(self, lab) -> bytes:
        return exchange.export_project(lab)
