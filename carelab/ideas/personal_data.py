"""A person's ideas, for "Your data" (carelab/core/your_data.py): the ideas they proposed, in their
words, the ideas they support, and how many times they moved an idea to a new stage for the lab team."""

from django.db.models import Count, Max

from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Section, counted_records, team_work_privacy
from carelab.ideas.models import Idea, StageChange, Support


def sections(user) -> list[Section]:
    ideas = Idea.objects.filter(author=user).select_related("lab").order_by("created_at", "pk")
    supports = Support.objects.filter(user=user).select_related("idea__lab").order_by("created_at", "pk")
    found = [
        Section(
            key="ideas",
            title="Ideas you proposed",
            on_deletion="Deleted, with the comments under them. Test teams keep their own words for a change idea.",
            records=[
                [
                    ("Lab", idea.lab.title),
                    ("Idea", idea.title),
                    ("Description", idea.description),
                    ("Stage", idea.get_stage_display()),
                    ("Status", idea.get_status_display()),
                    ("Proposed", idea.created_at),
                ]
                for idea in ideas
            ],
        ),
        Section(
            key="idea_supports",
            title="Ideas you support",
            on_deletion="Deleted: the ideas show one supporter fewer.",
            records=[
                [("Lab", support.idea.lab.title), ("Idea", support.idea.title), ("Supported", support.created_at)]
                for support in supports
            ],
        ),
    ]
    moved = StageChange.objects.filter(actor=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    work = counted_records([("Moved an idea to a new stage", moved["count"], moved["latest"])])
    if work:
        found.append(
            Section(
                key="idea_work",
                title="Your work on the lab's ideas",
                on_deletion=LAB_TEAM_WORK_KEPT,
                kept_after_deletion=True,
                records=work,
            )
        )
    return [section for section in found if section.records]


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("ideas", "idea_supports"),
            title="Ideas you propose and support",
            held="The ideas you propose, in your words, with the insights they build on, and which ideas you support.",
            why="So the lab can gather, discuss and test ideas to improve care. This is in the lab's legitimate "
            "interests. Your words are checked for signs of risk and for personal data before others see them.",
            who_sees="Everyone who can see the lab sees a published idea with your display name, and how many "
            "people support it, but not who.",
            kept_for="Until you delete your account. An idea you withdraw is kept until then, seen only by you and "
            "the lab team.",
            your_choices="Withdraw an idea or your support on the idea's page, or delete your account.",
        ),
        team_work_privacy(
            covers=("idea_work",),
            title="Work on the lab's ideas",
            held="Which ideas you moved to a new stage for the lab team, with your reason, and when.",
        ),
    ]
