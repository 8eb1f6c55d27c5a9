"""Background work of the evidence library: e-mails about examples and stories sent to it, and text from files.

Each task takes the item's id only and builds its e-mail when it runs (decision 0015). Neither
e-mail copies what the person wrote: an e-mail can be read by others, and the words may be about a
hard time. The person's e-mail names their submission by its kind and the day they sent it.
Reading an attachment's text for search and coding is background work too, by the attachment's id.
"""

from django.urls import reverse
from django_tasks import task

from carelab.core.crisis import NOT_A_CRISIS_SERVICE, crisis_contacts_text
from carelab.core.email import absolute_url, send_email
from carelab.core.presenters import format_date
from carelab.evidence import actions_library
from carelab.evidence.models import EvidenceItem
from carelab.labs.emails import email_lab_team


def _submission(item_id: int) -> EvidenceItem | None:
    return EvidenceItem.objects.submissions().select_related("lab", "submitted_by").filter(pk=item_id).first()


def new_submission_email(item: EvidenceItem) -> tuple[str, str]:
    """The lab team's e-mail: something is waiting for their review, with a link, never the words."""
    lab = item.lab
    kind = item.get_kind_display().lower()
    review_url = absolute_url(reverse("evidence:review_submission", args=[lab.slug, item.pk]))
    queue_url = absolute_url(reverse("evidence:review_submissions", args=[lab.slug]))
    flagged = (
        "\n\nThe check of its words found signs that the writer may be at risk. "
        "Please read it soon, and see the safeguarding review queue."
        if item.words_had_risk
        else ""
    )
    subject = f"A {kind} is waiting for review in {lab.title}"
    body = (
        f"Someone sent a {kind} to {lab.title}'s evidence library. It waits for the lab team to read it, "
        f"then add it to the library or decline it with a reason.{flagged}\n\n"
        f"Read it: {review_url}\n\nEverything waiting for review: {queue_url}\n\n{lab.team_name}"
    )
    return subject, body


@task()
def notify_team_of_submission(item_id: int) -> int:
    """E-mail the lab team that a submission is waiting. Sends nothing once it has been dealt with or deleted."""
    item = _submission(item_id)
    if item is None or item.review != EvidenceItem.Review.WAITING:
        return 0
    subject, body = new_submission_email(item)
    return email_lab_team(item.lab, subject, body)


HELP_FIRST = (
    "If you are struggling, help is here. You do not have to wait for the lab team: these services are free "
    "and ready to help now.\n"
)


def decision_email(item: EvidenceItem) -> tuple[str, str]:
    """The person's e-mail: what the lab team decided about what they sent, and why if they declined it."""
    lab = item.lab
    kind = item.get_kind_display().lower()
    sent = format_date(item.created_at)
    yours_url = absolute_url(reverse("evidence:submission", args=[lab.slug, item.pk]))
    if item.review == EvidenceItem.Review.ACCEPTED:
        subject = f"Your {kind} is in {lab.title}'s evidence library"
        what = (
            f"Thank you for the {kind} you sent to {lab.title} on {sent}. The lab team has read it and added it "
            "to the lab's evidence library."
        )
        if item.has_consent("quote"):
            what += (
                " You agreed that your words may be quoted anonymously. "
                "You can withdraw that consent at any time on your submission's page."
            )
    else:
        subject = f"About the {kind} you sent to {lab.title}"
        what = (
            f"Thank you for the {kind} you sent to {lab.title} on {sent}. The lab team has read it and decided "
            f"not to add it to the lab's evidence library.\n\nTheir reason: {item.review_reason}"
        )
    body = f"Hello {item.submitted_by.public_name},\n\n{what}\n\nSee what you sent: {yours_url}\n\n"
    body += "We have not copied what you wrote into this e-mail."
    if item.words_had_risk:
        body += f"\n\n{HELP_FIRST}{crisis_contacts_text()}\n\n{NOT_A_CRISIS_SERVICE}"
    return subject, f"{body}\n\n{lab.team_name}"


@task()
def send_review_decision(item_id: int) -> int:
    """E-mail the person the lab team's decision. Sends nothing if it is still waiting, or they have gone."""
    item = _submission(item_id)
    if item is None or item.review == EvidenceItem.Review.WAITING:
        return 0
    person = item.submitted_by
    if person is None or not person.is_active:
        return 0
    subject, body = decision_email(item)
    return send_email(person.email, subject, body)


@task()
def extract_attachment_text(attachment_id: int) -> None:
    """Read the text of an uploaded attachment for search and coding."""
    actions_library.read_attachment_text(attachment_id)
