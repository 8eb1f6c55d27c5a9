"""Safeguarding flags about a person, and their work on flags for a lab team, for "Your data"
(carelab/accounts/your_data.py).

A flag is about a person only when it was raised by survey answers they linked to their account;
other flags are not connected to anyone. A flag shows what raised it and where the lab team is with
it. The lab team's notes are not shown: they may be about other people, such as someone the team
contacted, and a person may ask the lab team for them (docs/decisions/0010-your-data.md).
"""

from django.db.models import Count, Max

from carelab.accounts.your_data import LAB_TEAM_WORK_KEPT, Section, counted_records
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag, SafeguardingGuidance
from carelab.safeguarding.presenters import reason_summaries


def sections(user) -> list[Section]:
    flags = (
        SafeguardingFlag.objects.filter(survey_response__user=user)
        .select_related("lab", "survey")
        .order_by("created_at", "pk")
    )
    found = [
        Section(
            key="safeguarding_flags",
            title="Safeguarding flags raised by your survey answers",
            on_deletion=(
                "Kept for the lab's safeguarding records without your name: what raised each flag and what the "
                "lab team did about it stay, with your name, e-mail addresses and phone numbers taken out of "
                "their notes."
            ),
            kept_after_deletion=True,
            records=[
                [
                    ("Lab", flag.lab.title),
                    ("Survey", flag.survey.title if flag.survey else "A survey that has been deleted"),
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
