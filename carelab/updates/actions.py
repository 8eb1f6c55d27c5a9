"""Writes about updates and people's choices about update e-mails. Each runs in one transaction.

Sending locks the update's row, so two clicks (or two people) send it once: the second finds it
sent and does nothing more. The e-mails go through tasks queued once the send is committed.
"""

from django.db import transaction
from django.utils import timezone

from carelab.labs.models import Lab
from carelab.updates import tasks
from carelab.updates.audience import audience_for
from carelab.updates.forms import EMAIL_OFF, EMAIL_ON, UNSUBSCRIBE_WORDING
from carelab.updates.models import Delivery, EmailChoice, Update
from carelab.updates.presenters import audience_lines


class UpdateRefused(Exception):
    """The action cannot be done. The message is written for the person who asked."""


ALREADY_SENT = "This update has been sent, so it cannot be changed."


def _lock_draft(update: Update) -> Update:
    locked = Update.objects.select_for_update().get(pk=update.pk)
    if locked.is_sent:
        raise UpdateRefused(ALREADY_SENT)
    return locked


@transaction.atomic
def save_draft(update: Update, *, subject: str, body: str, by) -> Update:
    """Create a draft, or change one that has not been sent (another tab may have sent it)."""
    if update.pk is None:
        update.subject, update.body, update.created_by = subject, body, by
        update.save()
        return update
    locked = _lock_draft(update)
    locked.subject, locked.body = subject, body
    locked.save(update_fields=["subject", "body", "updated_at"])
    return locked


@transaction.atomic
def save_audience(update: Update, *, regions: list[str], who: list[str], topics: list, activities: list[str]) -> Update:
    locked = _lock_draft(update)
    locked.audience_regions, locked.audience_who, locked.audience_activities = regions, who, activities
    locked.save(update_fields=["audience_regions", "audience_who", "audience_activities", "updated_at"])
    locked.audience_topics.set(topics)
    return locked


@transaction.atomic
def delete_draft(update: Update) -> None:
    _lock_draft(update).delete()


def send_update(update: Update, *, by) -> tuple[Update, bool]:
    """Send the update: record it as sent with one delivery per person to e-mail, and queue their e-mails.

    Returns the update and whether this call sent it. Sending an update already sent does nothing.
    """
    with transaction.atomic():
        locked = Update.objects.select_for_update(of=("self",)).select_related("lab").get(pk=update.pk)
        if locked.is_sent:
            return locked, False
        audience = audience_for(locked)
        locked.audience_summary = "\n".join(audience_lines(locked))
        locked.status = Update.Status.SENT
        locked.sent_at = timezone.now()
        locked.sent_by = by
        locked.save(update_fields=["audience_summary", "status", "sent_at", "sent_by", "updated_at"])
        Delivery.objects.bulk_create(Delivery(update=locked, recipient=person.user) for person in audience.recipients)
        for delivery_id in Delivery.objects.filter(update=locked).values_list("pk", flat=True):
            transaction.on_commit(lambda pk=delivery_id: tasks.send_update_email.enqueue(pk))
    return locked, True


# A person's choice about update e-mails


def _record_choice(user, lab: Lab, *, wants_email: bool, wording: str, via: str) -> EmailChoice:
    choice, _ = EmailChoice.objects.update_or_create(
        lab=lab,
        user=user,
        defaults={"wants_email": wants_email, "wording": wording, "via": via, "changed_at": timezone.now()},
    )
    return choice


def choose_emails(user, lab: Lab, *, wants_email: bool) -> EmailChoice:
    """A participant's choice on the updates page, recorded at once with the words they chose by."""
    wording = EMAIL_ON if wants_email else EMAIL_OFF
    return _record_choice(user, lab, wants_email=wants_email, wording=wording, via=EmailChoice.Via.PAGE)


def follow_contact_consent(user, lab: Lab, *, wording: str, given: bool) -> EmailChoice:
    """Record that the person gave or withdrew, on their application, their agreement to e-mails about
    the lab's activities: the latest choice wins, so update e-mails stop (or start) at once, and an
    update still queued checks this before its e-mail goes. `wording` is the statement concerned."""
    said = f"I agree: {wording}" if given else f"I withdraw my agreement: {wording}"
    return _record_choice(user, lab, wants_email=given, wording=said, via=EmailChoice.Via.CONSENT)


def unsubscribe(user, lab: Lab, *, one_click: bool = False) -> EmailChoice:
    """Stop update e-mails from an unsubscribe link, or a mail program's one-click button.

    Recorded at once; an update still queued for the person checks this before its e-mail goes.
    """
    via = EmailChoice.Via.ONE_CLICK if one_click else EmailChoice.Via.LINK
    return _record_choice(user, lab, wants_email=False, wording=UNSUBSCRIBE_WORDING, via=via)
