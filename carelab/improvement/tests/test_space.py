"""A test team's private space: notes and files for its members and the lab team, nobody else."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.accounts.actions import delete_account
from carelab.accounts.tests.factories import UserFactory
from carelab.improvement import actions_space
from carelab.improvement.models import TeamFile, TeamMember, TeamNote
from carelab.improvement.tests.factories import TeamMemberFactory, TestTeamFactory
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory
from carelab.lib.text_extract import MAX_FILE_BYTES, TEXT
from carelab.safeguarding.models import SafeguardingFlag

pytestmark = pytest.mark.django_db


def page(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def teammate(cast):
    """A participant of the lab who is in the team (the cast's own participant is not)."""
    person = UserFactory(email="sam@example.org", display_name="Sam Teammate")
    MembershipFactory(lab=cast.lab, user=person, role=Role.PARTICIPANT)
    return person


@pytest.fixture
def team(cast, teammate):
    found = TestTeamFactory(lab=cast.lab, name="Pain and mood clinic")
    TeamMemberFactory(team=found, user=teammate, role=TeamMember.Role.LEAD)
    return found


@pytest.fixture
def stored():
    """Where team files are kept in tests: STORAGES["private"], outside MEDIA_ROOT."""
    return Path(TeamFile._meta.get_field("file").storage.location)


def files_in(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()


def space_url(team, suffix=""):
    return f"/labs/the-lab/improvement/teams/{team.pk}/space/{suffix}"


def a_file(team, by, name="notes.txt", data=b"Our meeting notes\n"):
    return actions_space.add_file(team, data, TEXT, name=name, description="", by=by)


def test_a_member_writes_a_note_reads_it_as_safe_markdown_changes_it_and_deletes_it(cast, client_for, team, teammate):
    client = client_for(teammate)
    response = client.post(
        space_url(team, "notes/new/"),
        {
            "title": "  Plan   for March ",
            "body": "**Start** small.\n\n<script>alert(1)</script>[x](javascript:alert(1))",
        },
    )
    note = TeamNote.objects.get()
    assert note.title == "Plan for March" and note.author == teammate
    assert response.url == space_url(team, f"notes/{note.pk}/")
    body = page(client.get(response.url)).select_one("#note-body")
    assert body.find("strong").text == "Start"
    assert not body.find("script") and not body.select("a[href^='javascript']")
    client.post(space_url(team, f"notes/{note.pk}/edit/"), {"title": "Plan for April", "body": "Later."})
    note.refresh_from_db()
    assert (note.title, note.body) == ("Plan for April", "Later.")
    assert client.get(space_url(team, f"notes/{note.pk}/delete/")).status_code == 200
    client.post(space_url(team, f"notes/{note.pk}/delete/"))
    assert not TeamNote.objects.exists()


@pytest.mark.parametrize("role", ["participant", "other_team", "member"])
def test_a_teams_private_space_is_refused_to_everyone_outside_the_team_and_the_lab_team(cast, client_for, role):
    team = TestTeamFactory(lab=cast.lab)
    note = actions_space.create_note(team, title="Private plan", body="Only us.", by=cast.team)
    team_file = a_file(team, cast.team)
    client = client_for(cast.person(role))
    for url in (
        space_url(team),
        space_url(team, f"notes/{note.pk}/"),
        space_url(team, f"notes/{note.pk}/edit/"),
        space_url(team, f"files/{team_file.pk}/"),
        space_url(team, "files/upload/"),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Private plan" not in response.content and b"Our meeting notes" not in response.content
    assert client.post(space_url(team, f"notes/{note.pk}/delete/")).status_code == 403
    assert client.post(space_url(team, f"files/{team_file.pk}/delete/")).status_code == 403
    assert TeamNote.objects.exists() and TeamFile.objects.exists()
    # The team page does not even mention the space to them.
    if role == "participant":
        assert page(client.get(f"/labs/the-lab/improvement/teams/{team.pk}/")).select_one("#team-space") is None


def test_a_member_of_another_team_or_another_labs_team_cannot_reach_this_teams_space(cast, client_for, team):
    mine = TestTeamFactory(lab=cast.lab, name="Another team")
    TeamMemberFactory(team=mine, user=cast.participant)
    note = actions_space.create_note(team, title="Private plan", body="Only us.", by=cast.team)
    client = client_for(cast.participant)
    assert client.get(space_url(mine)).status_code == 200  # their own team's space
    assert client.get(space_url(team)).status_code == 403
    # Their own team's address with this team's note: not found, never shown.
    assert client.get(space_url(mine, f"notes/{note.pk}/")).status_code == 404
    # Another lab's team, reached through this lab's address, does not exist here.
    elsewhere = TestTeamFactory(lab=cast.other_lab)
    TeamMemberFactory(team=elsewhere, user=cast.participant)
    assert client_for(cast.team).get(space_url(elsewhere)).status_code == 404


def test_the_lab_team_and_members_see_the_space_on_the_team_page(cast, client_for, team):
    actions_space.create_note(team, title="Plan", body="x", by=cast.team)
    html = page(client_for(cast.team).get(f"/labs/the-lab/improvement/teams/{team.pk}/"))
    assert "1 note and 0 files" in html.select_one("#space-summary").text


def test_an_uploaded_file_is_kept_privately_and_downloaded_only_as_an_attachment(cast, client_for, team, stored):
    client = client_for(cast.team)
    upload = SimpleUploadedFile('March \x00 notes\n"x".txt', b"We met on Tuesday.\n")
    response = client.post(space_url(team, "files/upload/"), {"file": upload, "description": " March  meeting "})
    saved = TeamFile.objects.get()
    assert response.url == space_url(team) + "#files"
    assert saved.description == "March meeting" and saved.size == 19 and saved.uploaded_by == cast.team
    assert "\x00" not in saved.original_name and "\n" not in saved.original_name
    path = stored / saved.file.name
    assert path.exists() and "March" not in saved.file.name  # a random name on disk
    assert not str(stored.resolve()).startswith(str(Path(django_settings.MEDIA_ROOT).resolve()))
    download = client.get(space_url(team, f"files/{saved.pk}/"))
    assert b"".join(download.streaming_content) == b"We met on Tuesday.\n"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "\n" not in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert "no-store" in download["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "The selected file is empty"),
        ("binary.txt", b"\x00\x01\x02\x03\xff\xfe\x00" * 50, "The selected file must be a PDF"),
        ("run.exe", b"MZ\x90\x00\x03\x00\x00\x00", "The selected file must be a PDF"),
        ("notes.pdf", b"plain words", "Rename it to end in .txt"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "cannot read Word 97-2003"),
        ("huge.txt", b"a" * (MAX_FILE_BYTES + 1), "must be smaller than 10 MB"),
    ],
)
def test_a_file_of_the_wrong_kind_or_size_is_refused_with_a_clear_message_and_nothing_is_saved(
    cast, client_for, team, stored, name, data, message
):
    before = files_in(stored)
    response = client_for(cast.team).post(
        space_url(team, "files/upload/"), {"file": SimpleUploadedFile(name, data), "description": "Kept"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert page(response).find("input", {"name": "description"})["value"] == "Kept"
    assert not TeamFile.objects.exists() and files_in(stored) == before


def test_a_description_suggesting_risk_saves_nothing_and_reaches_the_safeguarding_queue(cast, client_for, team, stored):
    before = files_in(stored)
    response = client_for(cast.team).post(
        space_url(team, "files/upload/"),
        {"file": SimpleUploadedFile("a.txt", b"words"), "description": "I am going to kill myself tonight"},
    )
    assert "has not been saved" in response.content.decode()
    assert not TeamFile.objects.exists() and files_in(stored) == before
    assert SafeguardingFlag.objects.get().source_kind == SafeguardingFlag.Source.TEST_TEAM


def test_a_note_with_details_about_a_person_is_refused_and_keeps_what_was_typed(cast, client_for, team):
    response = client_for(cast.team).post(
        space_url(team, "notes/new/"), {"title": "Follow up", "body": "Ring her on 07700 900123"}
    )
    assert response.status_code == 200
    assert "even the team's private space is not the place for them" in page(response).text
    assert page(response).find("textarea", {"name": "body"}).text.strip() == "Ring her on 07700 900123"
    assert not TeamNote.objects.exists()


def test_deleting_a_file_removes_it_from_storage_once_committed(
    cast, client_for, team, stored, django_capture_on_commit_callbacks
):
    saved = a_file(team, cast.team)
    path = stored / saved.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.team).post(space_url(team, f"files/{saved.pk}/delete/"))
    assert not TeamFile.objects.exists() and not path.exists()


def test_a_missing_file_is_not_found_rather_than_an_error(cast, client_for, team, stored):
    saved = a_file(team, cast.team)
    (stored / saved.file.name).unlink()
    assert client_for(cast.team).get(space_url(team, f"files/{saved.pk}/")).status_code == 404


def test_the_space_page_makes_the_same_number_of_queries_however_much_it_holds(
    cast, client_for, team, django_assert_max_num_queries
):
    client = client_for(cast.team)
    actions_space.create_note(team, title="One", body="x", by=cast.team)
    a_file(team, cast.team)
    with django_assert_max_num_queries(20) as few:
        client.get(space_url(team))
    for number in range(5):
        actions_space.create_note(team, title=f"Note {number}", body="x", by=cast.team)
        a_file(team, cast.participant, name=f"file-{number}.txt")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(space_url(team))
    assert len(page(response).select("#note-list li")) == 6 and len(page(response).select("#file-list li")) == 6


def test_deleting_an_account_keeps_the_teams_notes_and_files_without_the_name(cast, team, teammate):
    note = actions_space.create_note(team, title="Ask Sam Teammate", body="Sam Teammate will count.", by=teammate)
    team_file = a_file(team, teammate, name="Sam Teammate notes.txt")
    delete_account(teammate)
    note.refresh_from_db()
    team_file.refresh_from_db()
    assert note.author is None and team_file.uploaded_by is None
    assert "Sam Teammate" not in note.title + note.body + team_file.original_name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=300), body=st.text(max_size=500))
def test_any_note_text_is_saved_or_refused_with_a_message_never_an_error(cast, client_for, team, title, body):
    response = client_for(cast.team).post(space_url(team, "notes/new/"), {"title": title, "body": body})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert page(response).select_one(".nhsuk-error-summary") is not None
