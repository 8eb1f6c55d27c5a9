"""A person's part in a lab's test teams, for "Your data" (carelab/core/your_data.py): the teams they
are a member of, how many teams they set up and values they entered, and the notes, files and learning
entries they wrote for a team (decision 0041: the team's work, kept without their name if they go)."""

from django.db.models import Count, Max

from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Section, counted_records, team_work_privacy
from carelab.improvement.models import DataPoint, LearningEntry, TeamFile, TeamMember, TeamNote, TestTeam


def sections(user) -> list[Section]:
    places = TeamMember.objects.filter(user=user).select_related("team__lab").order_by("added_at", "pk")
    found = [
        Section(
            key="test_team_places",
            title="Test teams you are a member of",
            on_deletion="Deleted: you are no longer listed as a member. The team's measures and data stay.",
            records=[
                [
                    ("Lab", place.team.lab.title),
                    ("Test team", place.team.name),
                    ("Role", place.get_role_display()),
                    ("Added", place.added_at),
                ]
                for place in places
            ],
        )
    ]
    set_up = TestTeam.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    entered = DataPoint.objects.filter(entered_by=user).aggregate(count=Count("pk"), latest=Max("entered_at"))
    work = counted_records(
        [
            ("Set up a test team", set_up["count"], set_up["latest"]),
            ("Entered or changed a value of a test team's measure", entered["count"], entered["latest"]),
        ]
    )
    if work:
        found.append(
            Section(
                key="test_team_work",
                title="Your work for test teams",
                on_deletion=LAB_TEAM_WORK_KEPT,
                kept_after_deletion=True,
                records=work,
            )
        )
    found.extend(_space_and_learning_sections(user))
    return [section for section in found if section.records]


TEAM_WORK_KEPT = (
    "Kept for the team without your name: it is the team's shared work. Your name, e-mail address and phone "
    "number are removed from its words. To remove it, delete it yourself first while you are in the team."
)
TEAM_FILE_KEPT = (
    "Kept for the team without your name: it is the team's shared work. Your name, e-mail address and phone "
    "number are removed from its name and description, but not from what is in the file. To remove it, "
    "delete it yourself first while you are in the team."
)


def _space_and_learning_sections(user) -> list[Section]:
    notes = TeamNote.objects.filter(author=user).select_related("team__lab").order_by("created_at", "pk")
    files = TeamFile.objects.filter(uploaded_by=user).select_related("team__lab").order_by("uploaded_at", "pk")
    entries = LearningEntry.objects.filter(author=user).select_related("team__lab").order_by("created_at", "pk")
    return [
        Section(
            key="test_team_notes",
            title="Notes you wrote in a test team's private space",
            on_deletion=TEAM_WORK_KEPT,
            kept_after_deletion=True,
            records=[
                [
                    ("Lab", note.team.lab.title),
                    ("Test team", note.team.name),
                    ("Title", note.title),
                    ("Written", note.created_at),
                    ("Last changed", note.updated_at),
                ]
                for note in notes
            ],
        ),
        Section(
            key="test_team_files",
            title="Files you uploaded to a test team's private space",
            on_deletion=TEAM_FILE_KEPT,
            kept_after_deletion=True,
            records=[
                [
                    ("Lab", found.team.lab.title),
                    ("Test team", found.team.name),
                    ("File", found.original_name),
                    ("Description", found.description),
                    ("Size in bytes", found.size),
                    ("Uploaded", found.uploaded_at),
                ]
                for found in files
            ],
        ),
        Section(
            key="learning_entries",
            title="Learning you added to a test team's learning log",
            on_deletion=TEAM_WORK_KEPT,
            kept_after_deletion=True,
            records=[
                [
                    ("Lab", entry.team.lab.title),
                    ("Test team", entry.team.name),
                    ("Title", entry.title),
                    ("Written", entry.created_at),
                    ("Last changed", entry.updated_at),
                ]
                for entry in entries
            ],
        ),
    ]


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("test_team_places",),
            title="Membership of test teams",
            held="Which test teams the lab team added you to, and your role in each.",
            why="So a test team's members can keep its measures, and the lab can see who tests which ideas. "
            "This is in the lab's legitimate interests.",
            who_sees="The lab's participants and team see each test team's members by name.",
            kept_for="While you are a member. The lab team can remove you; deleting your account removes you.",
            your_choices="Ask the lab team to remove you from a team, or delete your account.",
        ),
        Privacy(
            covers=("test_team_notes", "test_team_files", "learning_entries"),
            title="Test teams' private spaces and learning log",
            held="The notes you write and files you upload in a test team's private space, and the learning you "
            "add to the lab's learning log, with your name and when.",
            why="So a test team can work together and the lab can learn from what each team tried. This is in the "
            "lab's legitimate interests.",
            who_sees="A team's notes and files: the team's members and the lab team only. The learning log: the "
            "lab's participants and team, and readers of the lab's essays that cite it.",
            kept_for="As long as the team keeps them. If you delete your account, they stay for the team without "
            "your name.",
            your_choices="Change or delete what you wrote while you are in the team, or ask the lab team to. "
            "Deleting your account removes your name from it.",
        ),
        team_work_privacy(
            covers=("test_team_work",),
            title="Work for test teams",
            held="Which test teams you set up and which values of their measures you entered, and when.",
        ),
    ]
