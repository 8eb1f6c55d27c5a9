from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from carelab.core.crisis import crisis_text_for_email
from carelab.core.email import absolute_url
from carelab.participants.access import unsent_application_url

SITE_NAME = "CareLab"


def on_site(url: str) -> str:
    """A link allauth built from the request's host ("http://127.0.0.1/…", "http://testserver/…"),
    moved onto the site's own address, SITE_URL, as every CareLab e-mail's links are."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    """allauth, CareLab's way: every e-mail is in CareLab's words (carelab/accounts/templates/account/email/),
    its links start with SITE_URL, and it carries where to get help now."""

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails name the site from the request ("Hello from 127.0.0.1"); ours are from CareLab."""
        site = SimpleNamespace(name=SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        links = {
            key: on_site(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str) and value.startswith(("http://", "https://", "/"))
        }
        super().send_mail(
            template_prefix, email, {**context, **links, "current_site": site, "site_url": settings.SITE_URL}
        )

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.body = message.body.rstrip() + "\n" + crisis_text_for_email(absolute_url(reverse("help_now")))
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
