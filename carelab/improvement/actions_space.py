"""Writes to a test team's private space: notes and files, each whole or not at all.

Files are kept in STORAGES["private"] under a random name (carelab/core/private_files.py); a file goes
from storage only once the deletion of its row has committed.
"""

from django.db import transaction

from carelab.core.private_files import delete_private_files_after_commit, safe_original_name, save_private_file
from carelab.improvement.models import TeamFile, TeamNote, TestTeam
from carelab.lib.text_extract import CONTENT_TYPES


@transaction.atomic
def create_note(team: TestTeam, *, title: str, body: str, by) -> TeamNote:
    return TeamNote.objects.create(team=team, title=title, body=body, author=by)


@transaction.atomic
def update_note(note: TeamNote, *, title: str, body: str) -> TeamNote:
    note.title, note.body = title, body
    note.save(update_fields=["title", "body", "updated_at"])
    return note


def delete_note(note: TeamNote) -> None:
    note.delete()


@transaction.atomic
def add_file(team: TestTeam, data: bytes, kind: str, *, name: str, description: str, by) -> TeamFile:
    """Keep an uploaded file privately. `kind` is from `file_kind`: the bytes were checked already."""
    team_file = TeamFile(
        team=team,
        original_name=safe_original_name(name),
        content_type=CONTENT_TYPES[kind],
        size=len(data),
        description=description,
        uploaded_by=by,
    )
    save_private_file(team_file, "file", data, kind)
    return team_file


@transaction.atomic
def delete_file(team_file: TeamFile) -> None:
    name = team_file.file.name
    team_file.delete()
    delete_private_files_after_commit([name])
