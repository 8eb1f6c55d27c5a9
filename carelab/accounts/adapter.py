from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from carelab.core.crisis import crisis_text_for_email
from carelab.participants.access import unsent_application_url


class AccountAdapter(DefaultAccountAdapter):
    """allauth, CareLab's way: every e-mail carries where to get help now."""

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.body = message.body.rstrip() + "\n" + crisis_text_for_email(settings.SITE_URL + reverse("help_now"))
        # Our e-mails are plain text; drop any HTML part rather than send one without the footer.
        message.alternatives = [alt for alt in getattr(message, "alternatives", []) if alt[1] != "text/html"]
        return message

    def get_login_redirect_url(self, request):
        """Someone without a display name chooses one first: it is the only name others see.

        Only used when the sign-in had no `next` page to return to.
        """
        if request.user.is_authenticated and not request.user.display_name:
            return reverse("accounts:profile")
        # An application to join a lab, started before signing in, is waiting in this browser.
        return unsent_application_url(request) or super().get_login_redirect_url(request)
