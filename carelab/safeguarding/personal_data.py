"""Safeguarding flags about a person, and their work on flags for a lab team, for "Your data"
(carelab/core/your_data.py).

A flag is about a person when it was raised by their words or answers while they were signed in
(`SafeguardingFlag.person`): survey answers linked to their account, comments, profile cards,
Connect messages, applications and event registrations. A flag shows where the words were written
and what raised it (never the words, which a flag does not hold) and where the lab team is with
it. The lab team's notes are not shown: they may be about other people, such as someone the team
contacted, and a person may ask the lab team for them (docs/decisions/0010-your-data.md).
"""

from django.db.models import Count, Max

from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Section, counted_records, team_work_privacy
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag, SafeguardingGuidance
from carelab.safeguarding.presenters import reason_summaries, source_label


def sections(user) -> list[Section]:
    flags = SafeguardingFlag.objects.filter(person=user).select_related("lab", "survey").order_by("created_at", "pk")
    found = [
        Section(
            key="safeguarding_flags",
            title="Safeguarding flags raised by what you wrote or answered",
            on_deletion=(
                "Kept for the lab's safeguarding records without your name: what raised each flag and what the "
                "lab team did about it stay, with your name, e-mail addresses and phone numbers taken out of "
                "their notes."
            ),
            kept_after_deletion=True,
            records=[
                [
                    ("Lab", flag.lab.title),
                    ("Where you wrote it", source_label(flag)),
                    ("Reference of your answers", flag.response_reference),
                    ("Raised", flag.created_at),
                    ("What raised it", reason_summaries(flag)),
                    ("Where the lab team is with it", flag.get_status_display()),
                ]
                for flag in flags
            ],
        )
    ]
    actions = (
        FlagEvent.objects.filter(actor=user).values("action").annotate(count=Count("pk"), latest=Max("created_at"))
    )
    guidance = SafeguardingGuidance.objects.filter(updated_by=user).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    counted = [
        (FlagEvent.Action(row["action"]).label, row["count"], row["latest"])
        for row in actions.order_by("action")
        if row["action"] in FlagEvent.Action.values
    ]
    counted.append(("Last changed a lab's safeguarding guidance", guidance["count"], guidance["latest"]))
    if records := counted_records(counted):
        found.append(
            Section(
                key="safeguarding_work",
                title="Your work on safeguarding flags for a lab team",
                on_deletion=LAB_TEAM_WORK_KEPT,
                kept_after_deletion=True,
                records=records,
            )
        )
    return found


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("safeguarding_flags",),
            title="Safeguarding flags",
            held=(
                "When survey answers suggest someone may be at risk (an answer to a question about self-harm, a "
                "score in the most severe band, or one of the lab's risk phrases), a flag records what raised it, "
                "never what was written, with the lab team's review of it. Flags on answers given without an "
                "account are not connected to anyone."
            ),
            why=(
                "To let the lab team check on people who may be at risk, which is in their vital interests and the "
                "lab's duty of care. People decide what happens; the software only flags."
            ),
            who_sees=(
                "The lab team of that lab. The lab team's notes on a flag are not shown on Your data: ask the lab team "
                "for them."
            ),
            kept_for="For the lab's safeguarding records, without your name if you delete your account.",
            your_choices="Ask the lab team about a flag. Deleting your account removes the link to you.",
        ),
        team_work_privacy(
            ("safeguarding_work",),
            "Safeguarding reviews, for lab-team members",
            (
                "How many flags a lab-team member reviewed, noted or closed, and changes to the lab's safeguarding "
                "guidance."
            ),
        ),
    ]
