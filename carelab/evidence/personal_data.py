"""A person's part in a lab's evidence library, for "Your data" (carelab/core/your_data.py): the
examples of practice and stories they sent in, and, for the lab team, how many items and files they added."""

from django.db.models import Count, Max, Q
from django.urls import reverse

from carelab.core.your_data import (
    LAB_TEAM_WORK_KEPT,
    Consent,
    Privacy,
    Section,
    counted_records,
    team_work_privacy,
)
from carelab.evidence.models import Attachment, EvidenceItem
from carelab.lib.consent import recorded_at

CONSENT_USES = {
    "use": "Using an example or story you sent to the evidence library",
    "quote": "Quoting an example or story you sent, anonymously",
}


def _consents(item: EvidenceItem) -> str:
    given = [name for name in sorted(item.consents or {}) if item.has_consent(name)]
    return ", ".join(given) if given else "None"


def _submission_consents(item: EvidenceItem) -> list[Consent]:
    """Each consent given with a submission; the consent to quote can be withdrawn on the submission's page."""
    consents = []
    for name, given in (item.consents or {}).items():
        if not isinstance(given, dict):
            continue
        withdrawn_at = recorded_at(given, "withdrawn_at")
        consents.append(
            Consent(
                lab=item.lab.title,
                use=CONSENT_USES.get(name, name),
                wording=given.get("wording", ""),
                version=given.get("version", ""),
                given_at=recorded_at(given, fallback=item.created_at),
                withdrawn_at=withdrawn_at,
                withdraw_url=(
                    reverse("evidence:submission", args=[item.lab.slug, item.pk])
                    if name == "quote" and withdrawn_at is None
                    else ""
                ),
            )
        )
    return consents


def _submissions(user) -> Section:
    items = list(
        EvidenceItem.objects.filter(submitted_by=user, origin=EvidenceItem.Origin.SUBMISSION)
        .select_related("lab")
        .order_by("created_at", "pk")
    )
    return Section(
        key="evidence_submissions",
        title="Examples and stories you sent to a lab",
        on_deletion="Deleted, and any quotes taken from them withdrawn everywhere: they are your own words.",
        records=[
            [
                ("Lab", item.lab.title),
                ("Kind", item.get_kind_display()),
                ("Title", item.title),
                ("What you wrote", item.abstract),
                ("Review", item.get_review_display()),
                ("Consents you gave", _consents(item)),
                ("Sent", item.created_at),
            ]
            for item in items
        ],
        consents=[consent for item in items for consent in _submission_consents(item)],
    )


def _team_work(user) -> Section | None:
    """What a lab-team member added to a library: counted, since the items are the lab's, not theirs."""
    added, reviewed = Q(created_by=user), Q(reviewed_by=user)
    items = EvidenceItem.objects.filter(added | reviewed).aggregate(
        added=Count("pk", filter=added),
        added_latest=Max("created_at", filter=added),
        reviewed=Count("pk", filter=reviewed),
        reviewed_latest=Max("reviewed_at", filter=reviewed),
    )
    uploaded = Attachment.objects.filter(uploaded_by=user).aggregate(count=Count("pk"), latest=Max("uploaded_at"))
    records = counted_records(
        [
            ("Added or imported an item in an evidence library", items["added"], items["added_latest"]),
            ("Attached a file to an item in an evidence library", uploaded["count"], uploaded["latest"]),
            ("Reviewed an example or story sent to an evidence library", items["reviewed"], items["reviewed_latest"]),
        ]
    )
    if not records:
        return None
    return Section(
        key="evidence_team_work",
        title="Your work on evidence libraries",
        on_deletion=LAB_TEAM_WORK_KEPT,
        kept_after_deletion=True,
        records=records,
    )


def sections(user) -> list[Section]:
    found = [_submissions(user), _team_work(user)]
    return [section for section in found if section is not None and section.records]


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("evidence_submissions",),
            title="Examples of practice and stories you send to a lab",
            held=(
                "What you wrote, the lab and organisation it is about, whether the lab team added it to the library, "
                "and the consents you gave (to use it, and to quote it), each with the wording you agreed to."
            ),
            why=(
                "To pool what is known about the lab's challenge. You choose to send it, and we use it only as far "
                "as you consented."
            ),
            who_sees=(
                "The lab team of that lab. Once they add it to the library, the lab's participants may read it if the "
                "team shares it; only a redacted quote you consented to is ever published, without your name."
            ),
            kept_for="As long as the lab keeps its library, or until you delete it or your account.",
            your_choices=(
                "Withdraw your consent to quoting at any time. Deleting your account deletes what you sent, and any "
                "quotes taken from it."
            ),
        ),
        team_work_privacy(
            covers=("evidence_team_work",),
            title="Adding to a lab's evidence library",
            held=(
                "Which items and files you added to a lab's evidence library, which examples and stories sent to it "
                "you reviewed, and when."
            ),
        ),
    ]
