"""The demo lab's updates to participants: two sent a fortnight apart, with the deliveries of their
e-mails marked sent. Written directly, so loading the demo sends no e-mails. Dated relative to today,
like the demo's events, and safe to run again: each update is found by its subject.

Load after the demo's participants (carelab/demo/participants.py), so the updates have recipients.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carelab.accounts.models import User
from carelab.core.email import absolute_url
from carelab.labs.models import Lab
from carelab.updates.audience import audience_for
from carelab.updates.models import Delivery, Update
from carelab.updates.presenters import EVERY_PARTICIPANT


def _updates(lab: Lab) -> list[dict]:
    survey_url = absolute_url(reverse("surveys:start", args=[lab.slug, "share-your-experience"]))
    events_url = absolute_url(reverse("events:list", args=[lab.slug]))
    return [
        {
            "days_ago": 24,
            "subject": "Our launch survey is now open",
            "body": (
                "Thank you for joining the lab. Our launch survey is now open, and we would love to hear "
                "from you.\n\n"
                "It takes about 10 minutes. You can skip any question, stop at any time, and save your "
                "answers to finish later. We would especially like to hear about:\n\n"
                "- what has helped you, or the people you support, to live with pain and mental health problems\n"
                "- services or groups near you that already work well\n"
                "- whether you would be happy to share your experience in an interview\n\n"
                f"[Answer the launch survey]({survey_url})\n\n"
                "If you work for a local Mind or another local organisation, please share the survey with the "
                "people you support.\n\n"
                "**Coming up:** our first workshop, *What gets in the way of good care*, is in Leeds in two "
                "weeks. There are chairs and space to stand, and breaks every 45 minutes. "
                f"[See the lab's events]({events_url})."
            ),
        },
        {
            "days_ago": 10,
            "subject": "What we heard at the first workshop",
            "body": (
                "Fourteen of you came to our first workshop in Leeds. Thank you: it was a rich morning, and "
                "the wall of sticky notes is now typed up.\n\n"
                "Three themes came up again and again:\n\n"
                "1. **Telling your story many times.** People described repeating their history to every new "
                "professional, and how tiring that is when you are in pain.\n"
                "2. **Being passed between services.** Physiotherapy and talking therapies rarely talk to each "
                "other, so people feel that nobody looks at the whole person.\n"
                "3. **Waiting with no support.** Long waiting lists, with nothing offered while you wait.\n\n"
                "Many of you have also answered the launch survey, and what you told us there echoes these "
                "themes. The survey stays open for a few more weeks.\n\n"
                "**What happens next:** in our online session *Making sense of what we heard* we will share what "
                "the survey and the workshop found, and ask you what we have missed. "
                f"[Register on the events page]({events_url}).\n\n"
                "Some of this may bring up difficult feelings. If you need to talk to someone, the end of this "
                "e-mail says where to get help now."
            ),
        },
    ]


@transaction.atomic
def load_demo_updates(lab: Lab, today=None) -> list[Update]:
    """Two sent updates for every demo participant, their e-mails recorded as sent (none is sent now)."""
    today = today or timezone.localdate()
    team = User.objects.filter(email="team@example.org").first()
    updates = []
    for item in _updates(lab):
        sent_at = timezone.make_aware(datetime.combine(today - timedelta(days=item["days_ago"]), time(10, 0)))
        update, _ = Update.objects.update_or_create(
            lab=lab,
            subject=item["subject"],
            defaults={
                "body": item["body"],
                "status": Update.Status.SENT,
                "sent_at": sent_at,
                "created_at": sent_at - timedelta(days=1),
                "created_by": team,
                "sent_by": team,
                "audience_summary": EVERY_PARTICIPANT,
            },
        )
        Delivery.objects.bulk_create(
            [
                Delivery(update=update, recipient=person.user, status=Delivery.Status.SENT, sent_at=sent_at)
                for person in audience_for(update).recipients
            ],
            ignore_conflicts=True,
        )
        updates.append(update)
    return updates
