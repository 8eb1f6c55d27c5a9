"""A person's part in a lab's test teams, for "Your data" (carelab/core/your_data.py): the teams they
are a member of, and how many teams they set up, values they entered and PDSA cycles they started."""

from django.db.models import Count, Max

from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Section, counted_records, team_work_privacy
from carelab.improvement.models import Cycle, DataPoint, TeamMember, TestTeam


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
    started = Cycle.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    work = counted_records(
        [
            ("Set up a test team", set_up["count"], set_up["latest"]),
            ("Entered or changed a value of a test team's measure", entered["count"], entered["latest"]),
            ("Started a PDSA cycle for a test team", started["count"], started["latest"]),
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
    return [section for section in found if section.records]


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
        team_work_privacy(
            covers=("test_team_work",),
            title="Work for test teams",
            held="Which test teams you set up, which values of their measures you entered and which PDSA cycles "
            "you started, and when.",
        ),
    ]
