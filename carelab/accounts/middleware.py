"""Lab-team accounts must use two-factor sign-in when CARELAB_REQUIRE_TEAM_MFA is on."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from carelab.labs.access import is_team_anywhere

# Pages a team member without two-factor sign-in can still reach: setting it up,
# their account (including deleting it), signing out, and the public safety pages.
_ALLOWED_PREFIXES = (
    "/accounts/",
    "/help-now/",
    "/privacy/",
    "/accessibility/",
    "/cookies/",
    "/static/",
    "/healthz",
    "/favicon.ico",
)


def needs_team_mfa(user) -> bool:
    """A lab-team member or site admin who has not set up an authenticator app yet."""
    if not user.is_authenticated:
        return False
    if not (user.is_staff or user.is_superuser or is_team_anywhere(user)):
        return False
    return not user.has_two_factor()


def require_team_mfa(get_response):
    def middleware(request):
        if (
            settings.CARELAB_REQUIRE_TEAM_MFA
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and needs_team_mfa(request.user)
        ):
            messages.info(request, "Lab team accounts must use two-factor sign-in. Set it up to continue.")
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware
