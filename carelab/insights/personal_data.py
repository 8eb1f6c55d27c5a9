"""A person's part in coding, for "Your data" (carelab/core/your_data.py): the labs that invited them
to code, how many codings they made, and the memos they wrote."""

from django.db.models import Count, Max

from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Record, Section, counted_records, team_work_privacy
from carelab.insights.models import Coder, Coding, Memo, SuggestionRun


def _memo_target(memo: Memo) -> str:
    if memo.code_id:
        return f"The code “{memo.code.name}”"
    if memo.source_id:
        return f"The source “{memo.source.name}”"
    return "A coded part of a source"


def sections(user) -> list[Section]:
    invitations: list[Record] = [
        [("Lab", coder.lab.title), ("Invited to code", coder.invited_at)]
        for coder in Coder.objects.filter(user=user).select_related("lab").order_by("invited_at", "pk")
    ]
    counted = (
        Coding.objects.filter(coder=user)
        .values("excerpt__source__lab__title")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("excerpt__source__lab__title")
    )
    codings: list[Record] = [
        [("Lab", row["excerpt__source__lab__title"]), ("Codings", row["count"]), ("Most recent", row["latest"])]
        for row in counted
    ]
    memos: list[Record] = [
        [("Lab", memo.lab.title), ("On", _memo_target(memo)), ("Memo", memo.text), ("Written", memo.created_at)]
        for memo in Memo.objects.filter(author=user)
        .select_related("lab", "code", "source")
        .order_by("created_at", "pk")
    ]
    runs = (
        SuggestionRun.objects.filter(requested_by=user)
        .values("lab__title")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("lab__title")
    )
    suggestion_runs = counted_records(
        (f"Theme suggestions asked for in {row['lab__title']}", row["count"], row["latest"]) for row in runs
    )
    found = [
        Section(
            key="coding_invitations",
            title="Labs you code for",
            on_deletion="Deleted.",
            records=invitations,
        ),
        Section(
            key="codings",
            title="Your coding",
            on_deletion=(
                "Kept for the lab's analysis without your name: the codes you applied stay, so the lab's findings "
                "and the agreement between coders still add up."
            ),
            kept_after_deletion=True,
            records=codings,
        ),
        Section(
            key="coding_memos",
            title="Memos you wrote while coding",
            on_deletion="Deleted: memos are your own words.",
            records=memos,
        ),
        Section(
            key="suggestion_runs",
            title="Theme suggestions you asked for",
            on_deletion=LAB_TEAM_WORK_KEPT,
            kept_after_deletion=True,
            records=suggestion_runs,
        ),
    ]
    return [section for section in found if section.records]


def privacy() -> list[Privacy]:
    return [
        team_work_privacy(
            ("suggestion_runs",),
            "Asking for suggested themes",
            "That you asked for theme suggestions in a lab's sources, and when (counted on Your data).",
        ),
        Privacy(
            covers=("coding_invitations", "codings", "coding_memos"),
            title="Coding a lab's sources",
            held=(
                "That a lab team invited you to code its sources, which parts of the sources you coded with which "
                "codes (counted on Your data), and the memos you wrote on codes, sources and coded parts."
            ),
            why=(
                "So the lab can analyse what people told it and what it has read, compare coders, and see who coded "
                "what. This is in the lab's legitimate interests, and you take part because you were invited."
            ),
            who_sees=(
                "The lab team of that lab sees every coder's codings and memos, with their names. Other coders see "
                "their own codings and the memos."
            ),
            kept_for=(
                "As long as the lab keeps its coding. If you delete your account, your memos are deleted and your "
                "codings stay without your name."
            ),
            your_choices=(
                "Remove your codings and memos on the coding pages at any time. The lab team can stop inviting you. "
                "Deleting your account deletes your memos and invitations, and removes your name from your codings."
            ),
        ),
    ]
