"""The e-mail for an update: plain text and HTML, with an unsubscribe link in the body and the
List-Unsubscribe headers (RFC 2369) that let mail programs offer one-click unsubscribe (RFC 8058)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from carelab.core.crisis import crisis_text_for_email
from carelab.core.email import SUBJECT_PREFIX, absolute_url, deliver
from carelab.lib.markdown import markdown_to_text
from carelab.updates.access import unsubscribe_token
from carelab.updates.models import Update


@dataclass(frozen=True)
class UpdateEmail:
    subject: str
    text: str
    html: str
    headers: dict

    def send(self, to: str) -> int:
        message = EmailMultiAlternatives(self.subject, self.text, None, [to], headers=self.headers)
        message.attach_alternative(self.html, "text/html")
        return deliver(message)


def unsubscribe_url(user, lab) -> str:
    return absolute_url(reverse("updates:unsubscribe", args=[lab.slug, unsubscribe_token(user, lab)]))


def update_email(update: Update, *, name: str, unsubscribe_link: str) -> UpdateEmail:
    """The e-mail of this update for one person: the body's Markdown as readable plain text, and as sanitised
    HTML, with every link absolute."""
    lab = update.lab
    read_url = absolute_url(reverse("updates:detail", args=[lab.slug, update.pk]))
    all_url = absolute_url(reverse("updates:list", args=[lab.slug]))
    help_url = absolute_url(reverse("help_now"))
    why = (
        f"You are getting this because you are a participant of {lab.title} and chose to get the lab team's "
        "updates by e-mail."
    )
    text = "\n\n".join(
        [
            f"Hello {name},",
            f"An update from the {lab.team_name}.",
            markdown_to_text(update.body, base_url=settings.SITE_URL),
            f"Read this update on CareLab: {read_url}\nAll the lab's updates: {all_url}",
            lab.team_name,
            f"{why}\nStop getting updates by e-mail: {unsubscribe_link}",
        ]
    )
    text += "\n" + crisis_text_for_email(help_url)
    html = render_to_string(
        "updates/email.jinja",
        {
            "lab": lab,
            "update": update,
            "name": name,
            "read_url": read_url,
            "all_url": all_url,
            "help_url": help_url,
            "site_url": settings.SITE_URL,
            "why": why,
            "unsubscribe_link": unsubscribe_link,
        },
    )
    return UpdateEmail(
        subject=" ".join(f"{SUBJECT_PREFIX}{update.subject}".split()),
        text=text,
        html=html,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
