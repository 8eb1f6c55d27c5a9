"""The demo lab's two updates, a fortnight apart, with every e-mailed participant's delivery marked sent."""

from datetime import timedelta

from django.core import mail

from carelab.accounts.models import User
from carelab.demo.updates import load_demo_updates
from carelab.updates.audience import audience_for
from carelab.updates.models import Delivery, Update


def test_the_demo_has_two_sent_updates_a_fortnight_apart_and_loads_again(demo_lab, db, client_for):
    load_demo_updates(demo_lab)
    load_demo_updates(demo_lab)  # safe to run again

    updates = list(Update.objects.for_lab(demo_lab).newest_sent_first())
    assert [update.subject for update in updates] == [
        "What we heard at the first workshop",
        "Our launch survey is now open",
    ]
    assert updates[0].sent_at - updates[1].sent_at == timedelta(days=14)
    recipients = {person.user.pk for person in audience_for(updates[0]).recipients}
    assert len(recipients) >= 30
    for update in updates:
        deliveries = Delivery.objects.filter(update=update)
        assert set(deliveries.values_list("recipient_id", flat=True)) == recipients
        assert set(deliveries.values_list("status", flat=True)) == {"sent"}
    assert mail.outbox == []

    participant = User.objects.get(email="participant@example.org")
    response = client_for(participant).get(f"/labs/{demo_lab.slug}/updates/")
    assert response.status_code == 200
    assert "What we heard at the first workshop" in response.content.decode()
