"""A test team's private space and the lab's learning log in the permission walk (decision 0041).

The space is for the team's members and the lab team only: the cast's participant is not a member of
the walk's team, so the space refuses them as it refuses the lab team of another lab (members are
tested in test_space.py). The learning log has the teams' readers; only the team's members and the lab
team add, change and delete its entries.
"""

from carelab.core.tests.permission_rules import TEAM_ONLY
from carelab.improvement import actions_learning, actions_space
from carelab.improvement.tests.factories import TestTeamFactory
from carelab.improvement.tests.walk_improvement import READERS
from carelab.lib.text_extract import TEXT

P = "/labs/the-lab/improvement"
T = f"{P}/teams/{{space_team.pk}}"
S = f"{T}/space"

WALK = {
    "improvement:space": (f"{S}/", TEAM_ONLY),
    "improvement:space_note_new": (f"{S}/notes/new/", TEAM_ONLY),
    "improvement:space_note": (f"{S}/notes/{{space_note.pk}}/", TEAM_ONLY),
    "improvement:space_note_edit": (f"{S}/notes/{{space_note.pk}}/edit/", TEAM_ONLY),
    "improvement:space_note_delete": (f"{S}/notes/{{space_note.pk}}/delete/", TEAM_ONLY),
    "improvement:space_file_upload": (f"{S}/files/upload/", TEAM_ONLY),
    "improvement:space_file": (f"{S}/files/{{space_file.pk}}/", TEAM_ONLY),
    "improvement:space_file_delete": (f"{S}/files/{{space_file.pk}}/delete/", TEAM_ONLY),
    "improvement:learning": (f"{P}/learning/", READERS),
    "improvement:learning_entry": (f"{P}/learning/{{space_learning.pk}}/", READERS),
    "improvement:learning_new": (f"{T}/learning/new/", TEAM_ONLY),
    "improvement:learning_edit": (f"{T}/learning/{{space_learning.pk}}/edit/", TEAM_ONLY),
    "improvement:learning_delete": (f"{T}/learning/{{space_learning.pk}}/delete/", TEAM_ONLY),
}


def objects(cast) -> dict:
    team = TestTeamFactory(lab=cast.lab, name="Space walk team")
    words = {"title": "Text reminders", "tried": "Reminders.", "happened": "Fewer missed.", "learned": "Send early."}
    return {
        "space_team": team,
        "space_note": actions_space.create_note(team, title="Our plan", body="**Start** in March.", by=cast.team),
        "space_file": actions_space.add_file(
            team, b"Meeting notes\n", TEXT, name="notes.txt", description="March meeting", by=cast.team
        ),
        "space_learning": actions_learning.create_entry(team, words, {}, by=cast.team),
    }
