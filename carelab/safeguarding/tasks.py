"""Background e-mails about safeguarding flags: the lab team hears that something needs review.

The e-mail carries no personal content at all: no reasons, no scores, no words, no names, only the
kind of thing that needs review (a survey response, a comment, an application …) and the link to
the flag, which needs the lab team to sign in.
"""

from django.urls import reverse
from django_tasks import task

from carelab.core.email import absolute_url
from carelab.labs.emails import email_lab_team
from carelab.safeguarding.models import SafeguardingFlag

SUBJECT = "A survey response needs review"
Source = SafeguardingFlag.Source
# What needs review, by where the words were written: the kind only, never which one or whose.
WHAT = {
    Source.SURVEY_RESPONSE: "A survey response",
    Source.COMMENT: "A comment",
    Source.PROFILE_CARD: "A profile card",
    Source.CONNECT_MESSAGE: "A Connect message",
    Source.APPLICATION: "An application to take part",
    Source.EVENT_REGISTRATION: "An event registration",
}


def new_flag_email(flag: SafeguardingFlag) -> tuple[str, str]:
    """Subject and body of the e-mail to the lab team about a new flag."""
    link = absolute_url(reverse("safeguarding:detail", args=[flag.lab.slug, flag.pk]))
    what = WHAT.get(flag.source_kind, "Something written in the lab")
    body = (
        "Hello,\n\n"
        f"{what} in {flag.lab.title} needs review by the lab team, following your lab's "
        "safeguarding process.\n\n"
        f"Open it here (you will need to sign in): {link}\n\n"
        "For privacy, this e-mail does not say why it was flagged or what it says."
    )
    subject = SUBJECT if flag.source_kind == Source.SURVEY_RESPONSE else f"{what} needs safeguarding review"
    return subject, body


@task()
def notify_team_of_new_flag(flag_id: int) -> int:
    """E-mail each of the lab's team, one by one, that a new flag is waiting. Returns how many were sent.

    Nothing is sent for a flag closed before the e-mail went out: it no longer needs review.
    """
    flag = SafeguardingFlag.objects.select_related("lab").filter(pk=flag_id).first()
    if flag is None or flag.status == SafeguardingFlag.Status.CLOSED:
        return 0
    subject, body = new_flag_email(flag)
    return email_lab_team(flag.lab, subject, body)
