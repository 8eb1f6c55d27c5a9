"""A person's part in a lab's test teams, for "Your data" (carelab/core/your_data.py): the teams they
are a member of, how many teams they set up, values they entered and PDSA cycles they started, and the
notes, files and learning entries they wrote for a team (decision 0041: the team's work, kept without
their name if they go)."""

from django.db.models import CharField, Count, F, Max, Value

from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Section, counted_records, team_work_privacy
from carelab.improvement.models import Cycle, DataPoint, LearningEntry, TeamFile, TeamMember, TeamNote, TestTeam


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
    work = counted_records(_work_counts(user))
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


def _work_counts(user) -> list[tuple[str, int, object]]:
    """How many teams they set up, values they entered and cycles they started, and when last, in one query."""

    def counted(queryset, what: str, when: str):
        return (
            queryset.order_by()
            .annotate(what=Value(what, output_field=CharField()))
            .values("what")
            .annotate(count=Count("pk"), latest=Max(when))
            .values_list("what", "count", "latest")
        )

    set_up = counted(TestTeam.objects.filter(created_by=user), SET_UP, "created_at")
    entered = counted(DataPoint.objects.filter(entered_by=user), ENTERED, "entered_at")
    started = counted(Cycle.objects.filter(created_by=user), STARTED, "created_at")
    found = {what: (count, latest) for what, count, latest in set_up.union(entered, started, all=True)}
    return [(what, *found.get(what, (0, None))) for what in (SET_UP, ENTERED, STARTED)]


SET_UP, ENTERED = "Set up a test team", "Entered or changed a value of a test team's measure"
STARTED = "Started a PDSA cycle for a test team"
TEAM_WORK_KEPT = (
    "Kept for the team without your name: it is the team's shared work. Your name, e-mail address and phone "
    "number are removed from its words. To remove it, delete it yourself first while you are in the team."
)
TEAM_FILE_KEPT = (
    "Kept for the team without your name: it is the team's shared work. Your name, e-mail address and phone "
    "number are removed from its name and description, but not from what is in the file. To remove it, "
    "delete it yourself first while you are in the team."
)


NOTE, FILE, LEARNING = "note", "file", "learning"


def _written_for_teams(user) -> dict[str, list[tuple]]:
    """The notes, files and learning entries the person wrote, in one query (Your data keeps a query cap)."""

    def rows(queryset, kind: str, title: str, detail, written: str, changed: str):
        # Without each model's own ordering: a compound query orders only as a whole.
        return (
            queryset.order_by()
            .annotate(
                kind=Value(kind, output_field=CharField()),
                lab_title=F("team__lab__title"),
                team_name=F("team__name"),
                shown_title=F(title),
                detail=detail,
                written=F(written),
                changed=F(changed),
            )
            .values_list("kind", "lab_title", "team_name", "shown_title", "detail", "written", "changed")
        )

    blank = Value("", output_field=CharField())
    notes = rows(TeamNote.objects.filter(author=user), NOTE, "title", blank, "created_at", "updated_at")
    files = rows(
        TeamFile.objects.filter(uploaded_by=user), FILE, "original_name", F("description"), "uploaded_at", "uploaded_at"
    )
    entries = rows(LearningEntry.objects.filter(author=user), LEARNING, "title", blank, "created_at", "updated_at")
    found: dict[str, list[tuple]] = {NOTE: [], FILE: [], LEARNING: []}
    for row in notes.union(files, entries, all=True).order_by("written"):
        found[row[0]].append(row[1:])
    return found


def _space_and_learning_sections(user) -> list[Section]:
    found = _written_for_teams(user)
    return [
        Section(
            key="test_team_notes",
            title="Notes you wrote in a test team's private space",
            on_deletion=TEAM_WORK_KEPT,
            kept_after_deletion=True,
            records=[
                [("Lab", lab), ("Test team", team), ("Title", title), ("Written", written), ("Last changed", changed)]
                for lab, team, title, _, written, changed in found[NOTE]
            ],
        ),
        Section(
            key="test_team_files",
            title="Files you uploaded to a test team's private space",
            on_deletion=TEAM_FILE_KEPT,
            kept_after_deletion=True,
            records=[
                [("Lab", lab), ("Test team", team), ("File", name), ("Description", description), ("Uploaded", when)]
                for lab, team, name, description, when, _ in found[FILE]
            ],
        ),
        Section(
            key="learning_entries",
            title="Learning you added to a test team's learning log",
            on_deletion=TEAM_WORK_KEPT,
            kept_after_deletion=True,
            records=[
                [("Lab", lab), ("Test team", team), ("Title", title), ("Written", written), ("Last changed", changed)]
                for lab, team, title, _, written, changed in found[LEARNING]
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
            held="Which test teams you set up, which values of their measures you entered and which PDSA cycles "
            "you started, and when.",
        ),
    ]
