"""What CareLab holds about a person's account itself, for "Your data" (carelab/accounts/your_data.py).

Never secrets: no password hash, no two-factor secret or recovery codes, no session keys.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.db.models import Count, Max

from carelab.accounts.your_data import Section, counted_records


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
