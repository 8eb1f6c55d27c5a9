"""Background work of the evidence library. Tasks carry ids only, never text or files."""

from django_tasks import task

from carelab.evidence import actions_library


@task()
def extract_attachment_text(attachment_id: int) -> None:
    """Read the text of an uploaded attachment for search and coding."""
    actions_library.read_attachment_text(attachment_id)
