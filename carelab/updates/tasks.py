"""Background e-mail of updates: one task per delivery, so one failure holds nobody else's e-mail up.

Whether to send is decided when the task runs, not when the update was sent: someone who turns
update e-mails off, leaves the lab or closes their account while an update is still queued is not
e-mailed, and the delivery says why.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from carelab.labs.models import Membership, Role
from carelab.updates.audience import wants_email
from carelab.updates.emails import unsubscribe_url, update_email
from carelab.updates.models import Delivery


def reason_not_to_send(delivery: Delivery) -> str:
    """Why this e-mail should not go now, or '' if it should."""
    person, lab = delivery.recipient, delivery.update.lab
    if not person.is_active:
        return Delivery.SkipReason.ACCOUNT_CLOSED
    if not Membership.objects.filter(lab=lab, user=person, role=Role.PARTICIPANT).exists():
        return Delivery.SkipReason.LEFT_LAB
    if not wants_email(person, lab):
        return Delivery.SkipReason.TURNED_OFF
    return ""


@task()
def send_update_email(delivery_id: int) -> str:
    """E-mail one person one update, once, unless they no longer want it. Returns what became of it."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("update", "update__lab", "recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Delivery.Status.QUEUED:
            return "nothing to do"  # deleted with the account, or dealt with already
        reason = reason_not_to_send(delivery)
        if reason:
            delivery.status = Delivery.Status.SKIPPED
            delivery.skip_reason = reason
            delivery.save(update_fields=["status", "skip_reason"])
            return Delivery.Status.SKIPPED
        person, lab = delivery.recipient, delivery.update.lab
        email = update_email(delivery.update, name=person.public_name, unsubscribe_link=unsubscribe_url(person, lab))
        email.send(person.email)
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["status", "sent_at"])
    return Delivery.Status.SENT
