"""Files that must never have a public URL: evidence attachments, a test team's files.

They are kept in STORAGES["private"] (PRIVATE_FILES_ROOT, outside MEDIA_ROOT) and served only by a
gatekeeper view that checks who is asking. Migrations name `private_storage` through each model
module, so it stays importable there.

The shared steps of every private file, so each app does them the same way:
- `read_upload`: a form's upload checked for size and kind (judged by its bytes, carelab/lib/text_extract.py),
  with a message a person can act on;
- `save_private_file`: the bytes kept under a random name (the person's file name, which may hold a name,
  is kept only in the database), and removed again if the row cannot be saved;
- `delete_private_files_after_commit`: files go only once the rows that named them are gone for good;
- `private_download`: the gatekeeper view's response, always a download, never shown in the browser.
"""

import logging
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.http import FileResponse, Http404

from carelab.lib.text_extract import ACCEPTED, EXTENSIONS, MAX_FILE_BYTES, UnreadableFile, file_kind

logger = logging.getLogger(__name__)

UPLOAD_HELP = f"Upload {ACCEPTED}, smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB."
# Only a hint for the file picker: CareLab tells the kind from what the file holds.
UPLOAD_ACCEPT = ".pdf,.docx,.txt,.text,.md,application/pdf,text/plain"
TOO_BIG = f"The selected file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def private_storage():
    """STORAGES["private"]: outside MEDIA_ROOT, with no public URL."""
    return storages["private"]


def read_upload(upload) -> tuple[bytes, str]:
    """The bytes of a form's uploaded file and its kind (`file_kind`), or a ValidationError saying why not."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(TOO_BIG)  # before reading it: a huge file is never read into memory
    data = upload.read()
    try:
        return data, file_kind(data, upload.name or "")
    except UnreadableFile as error:
        raise ValidationError(str(error)) from error


def safe_original_name(name: str) -> str:
    """The person's file name as shown and downloaded: no control characters (NUL among them), at most 255."""
    cleaned = " ".join(_CONTROL.sub(" ", name or "").split())
    return cleaned[:255] or "file"


def save_private_file(instance, field_name: str, data: bytes, kind: str) -> None:
    """Save `instance` with `data` in its private file field, under a random name; no file without its row."""
    field_file = getattr(instance, field_name)
    field_file.save(f"{uuid.uuid4().hex}{EXTENSIONS[kind][0]}", ContentFile(data), save=False)
    try:
        instance.save()
    except Exception:
        field_file.storage.delete(field_file.name)
        raise


def delete_private_files_after_commit(names: list[str]) -> None:
    """Delete the files once the transaction that removed their rows commits (never if it rolls back)."""
    names = [name for name in names if name]
    if not names:
        return
    storage = private_storage()

    def delete():
        for name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("A private file could not be deleted", exc_info=True)

    transaction.on_commit(delete)


def private_download(field_file, filename: str, content_type: str) -> FileResponse:
    """The file as a download, never shown inline. Django encodes the file name safely (RFC 6266)."""
    try:
        stream = field_file.open("rb")
    except (OSError, ValueError) as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(stream, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
