"""What the updates app holds about a person, for the "Your data" pages (see carelab/core/your_data.py)."""

from django.db.models import Q

from carelab.core.your_data import Privacy, Section
from carelab.updates.models import Delivery, EmailChoice, Update
from carelab.updates.presenters import sent_text


def sections(user) -> list[Section]:
    deliveries = (
        Delivery.objects.filter(recipient=user)
        .select_related("update", "update__lab")
        .order_by("update__sent_at", "pk")
    )
    choices = EmailChoice.objects.filter(user=user).select_related("lab").order_by("changed_at", "pk")
    written = (
        Update.objects.filter(Q(created_by=user) | Q(sent_by=user)).select_related("lab").order_by("created_at", "pk")
    )
    return [
        Section(
            key="update_emails",
            title="Lab updates e-mailed to you",
            on_deletion=(
                "The record of which updates we e-mailed you is deleted with your account, and updates still "
                "waiting to be e-mailed to you are not sent."
            ),
            records=[
                [
                    ("Lab", delivery.update.lab.title),
                    ("Update", delivery.update.subject),
                    ("E-mail", delivery.get_status_display()),
                    ("Why not sent", delivery.get_skip_reason_display() or None),
                    ("E-mailed at", delivery.sent_at),
                ]
                for delivery in deliveries
            ],
        ),
        Section(
            key="update_email_choices",
            title="Your choices about lab updates by e-mail",
            on_deletion="Your choices about update e-mails are deleted with your account.",
            records=[
                [
                    ("Lab", choice.lab.title),
                    ("Updates by e-mail", "Yes" if choice.wants_email else "No"),
                    ("What you chose", choice.wording),
                    ("How", choice.get_via_display()),
                    ("When", choice.changed_at),
                ]
                for choice in choices
            ],
        ),
        Section(
            key="updates_written",
            title="Updates you wrote or sent as a lab team member",
            on_deletion="Updates you wrote or sent stay, as the lab's record of what participants were told, "
            "without your name.",
            records=[
                [
                    ("Lab", update.lab.title),
                    ("Subject", update.subject),
                    ("Status", update.get_status_display()),
                    ("Written by you", update.created_by_id == user.pk),
                    ("Sent by you", update.sent_by_id == user.pk),
                    ("Sent", sent_text(update)),
                ]
                for update in written
            ],
            kept_after_deletion=True,
        ),
    ]


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("update_emails", "update_email_choices"),
            title="Lab updates by email",
            held=(
                "Which updates we emailed you and whether each was sent, and your choices about update emails, "
                "with the words you chose by and how (the updates page, an email's unsubscribe link, or giving or "
                "withdrawing your consent to emails on your application)."
            ),
            why="To send you the lab's updates, which you agreed to when you applied or chose on the updates page.",
            who_sees=(
                "The lab team of that lab sees how many people an update went to. The site administrators can see the "
                "records."
            ),
            kept_for="Until you delete your account.",
            your_choices=(
                "Turn update emails off or on at any time on the lab's updates page, from the link in every email, "
                "or by withdrawing your consent to emails on your application or on Your data. It takes effect at once."
            ),
        ),
        Privacy(
            covers=("updates_written",),
            title="Updates written by lab-team members",
            held="The updates a lab-team member wrote or sent, with their name.",
            why="To keep participants informed. This is in the lab's legitimate interests.",
            who_sees="The lab's participants and team read sent updates; drafts only the lab team.",
            kept_for=(
                "As the lab's record of what participants were told; without your name if you delete your account."
            ),
            your_choices="Deleting your account removes your name from them.",
        ),
    ]
