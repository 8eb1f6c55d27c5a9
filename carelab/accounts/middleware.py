"""Lab-team accounts must use two-factor sign-in when CARELAB_REQUIRE_TEAM_MFA is on."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from carelab.labs.access import labs_where_team

# Pages a team member without two-factor sign-in can still reach: setting it up,
# signing out, and the public safety pages.
_ALLOWED_PREFIXES = ("/accounts/", "/help-now/", "/privacy/", "/accessibility/", "/cookies/", "/static/", "/healthz")


def require_team_mfa(get_response):
    def middleware(request):
        if (
            settings.CARELAB_REQUIRE_TEAM_MFA
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and (request.user.is_superuser or labs_where_team(request.user).exists())
            and not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.info(request, "Lab team accounts must use two-factor sign-in. Set it up to continue.")
            return redirect(reverse("mfa_activate_totp"))
        return get_response(request)

    return middleware
