"""Files that must never have a public URL: evidence attachments, a test team's files.

They are kept in STORAGES["private"] (PRIVATE_FILES_ROOT, outside MEDIA_ROOT) and served only by a
gatekeeper view that checks who is asking. Migrations name `private_storage` through each model
module, so it stays importable there.
"""

from django.core.files.storage import storages


def private_storage():
    """STORAGES["private"]: outside MEDIA_ROOT, with no public URL."""
    return storages["private"]
