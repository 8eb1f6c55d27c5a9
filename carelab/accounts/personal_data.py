"""What CareLab holds about a person's account itself, for "Your data" (carelab/core/your_data.py).

Never secrets: no password hash, no two-factor secret or recovery codes, no session keys.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.db.models import Count, Max

from carelab.core.your_data import Privacy, Section, counted_records, team_work_privacy


def sections(user) -> list[Section]:
    # Only the type and dates: `data` holds the secret and the recovery codes.
    authenticators = {
        row["type"]: row for row in Authenticator.objects.filter(user=user).values("type", "created_at", "last_used_at")
    }
    totp = authenticators.get(Authenticator.Type.TOTP)
    details = [
        ("Display name", user.display_name),
        ("Organisation", user.organisation),
        ("Role", user.role_title),
        ("Account created", user.date_joined),
        ("Last signed in", user.last_login),
        ("Two-factor sign-in is on", totp is not None),
    ]
    if totp is not None:
        details += [("Two-factor sign-in turned on", totp["created_at"]), ("Code last used", totp["last_used_at"])]
    details.append(("Recovery codes made", Authenticator.Type.RECOVERY_CODES in authenticators))
    if user.is_staff:
        details.append(("Site administrator", True))
    found = [
        Section(
            key="account",
            title="Your account",
            on_deletion=(
                "Deleted, with your password and two-factor sign-in settings; you are signed out on every device, "
                "and e-mails still waiting to be sent to you are cancelled."
            ),
            records=[details],
        ),
        Section(
            key="email_addresses",
            title="Your email addresses",
            on_deletion="Deleted.",
            records=[
                [
                    ("Email address", address.email),
                    ("Confirmed", address.verified),
                    ("The address we use", address.primary),
                ]
                for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
        ),
    ]
    # Site administrators only: the Django admin's own history of the changes they made.
    admin_changes = LogEntry.objects.filter(user=user).aggregate(count=Count("pk"), latest=Max("action_time"))
    if admin_changes["count"]:
        found.append(
            Section(
                key="admin_changes",
                title="Changes you made in the site administration",
                on_deletion="Deleted.",
                records=counted_records([("Changes in the site administration", *admin_changes.values())]),
            )
        )
    return found


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("account",),
            title="Your account",
            held=(
                "Your display name, organisation and role if you give them, when you joined and last signed in, a "
                "password stored only as a secure hash, and, if you turn it on, the secret for two-factor sign-in "
                "and single-use recovery codes."
            ),
            why=(
                "To let you sign in and take part in labs, and to keep your account safe. This is needed to give you "
                "the service you asked for."
            ),
            who_sees=(
                "Other people see only your display name, next to what you write or on a profile card you choose "
                "to show. The site administrators can see your account."
            ),
            kept_for="Until you delete your account.",
            your_choices="Change your details on your account page. Delete your account at any time.",
        ),
        Privacy(
            covers=("email_addresses",),
            title="Your email addresses",
            held="The addresses you sign in with, and whether you confirmed them.",
            why=(
                "To sign you in, to confirm it is you, and to send you what you asked for, such as decisions on an "
                "application or event reminders."
            ),
            who_sees=(
                "Your email address is never shown next to anything you write, or on your profile card. It is "
                "seen by: the site administrators; a lab's team, when you register for one of its events (on the "
                "list of people coming and its download); another participant in Connect, only after one of you "
                "replies to the other's introduction (from then on you both see each other's address); and, for an "
                "address you give with survey answers so the lab team can contact you, the lab team, in a download "
                "of the answers they ask to include contact details in, which is recorded each time."
            ),
            kept_for="Until you delete your account or remove the address.",
            your_choices="Add, change or remove addresses on your email page. Delete your account at any time.",
        ),
        team_work_privacy(
            ("admin_changes",),
            "Changes in the site administration, for site administrators",
            "The Django administration's own history of the changes a site administrator made.",
        ),
    ]
