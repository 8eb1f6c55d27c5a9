"""The demo lab's introductions between participants: one replied, one waiting for the demo participant
("Sam", participant@example.org) to read, and one Sam sent. Safe to run again: it adds what is missing.

Run after carelab/demo/participants.py, which gives these people their cards.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from carelab.accounts.models import User
from carelab.connect.access import connect_name
from carelab.connect.models import ConversationMessage, Introduction
from carelab.labs.models import Lab

# sender, recipient, days ago, the messages in order (the sender's first, then turn about)
INTRODUCTIONS = [
    (
        "participant01@example.org",  # Aisha
        "participant@example.org",  # Sam
        9,
        [
            "Hello Sam, I'm Aisha. I saw on your card that you know what helps on bad days. I have neck pain and "
            "anxiety, and my sleep is all over the place. Would you be happy to swap a few ideas?",
            "Hi Aisha, thank you for writing. Yes, I'd like that. Keeping a simple sleep diary helped me more than "
            "I expected. Shall we talk before the next workshop?",
            "That would be lovely. I'll be at the online one on Tuesday.",
        ],
    ),
    (
        "participant02@example.org",  # Ben
        "participant@example.org",  # Sam
        1,
        [
            "Hello Sam, I'm Ben, a physiotherapist in the lab. I'm collecting examples of what graded activity "
            "feels like from the inside. No pressure at all, but would you be willing to tell me about yours?",
        ],
    ),
    (
        "participant@example.org",  # Sam
        "participant15@example.org",  # Owen
        3,
        [
            "Hello Owen, I'm Sam. Your card mentions phased returns to work. I'm thinking about going back part "
            "time and would really value hearing how that has gone for other people.",
        ],
    ),
]


@transaction.atomic
def load_demo_introductions(lab: Lab) -> None:
    emails = {email for sender, recipient, _, _ in INTRODUCTIONS for email in (sender, recipient)}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    now = timezone.now()
    for sender_email, recipient_email, days_ago, bodies in INTRODUCTIONS:
        sender, recipient = people.get(sender_email), people.get(recipient_email)
        if sender is None or recipient is None:
            continue
        if Introduction.objects.for_lab(lab).between(sender, recipient).exists():
            continue
        started = now - timedelta(days=days_ago)
        introduction = Introduction.objects.create(
            lab=lab,
            sender=sender,
            recipient=recipient,
            sender_name=connect_name(sender, lab),
            recipient_name=connect_name(recipient, lab),
            created_at=started,
            sender_read_at=started,
        )
        for number, body in enumerate(bodies):
            author = sender if number % 2 == 0 else recipient
            ConversationMessage.objects.create(
                introduction=introduction, author=author, body=body, created_at=started + timedelta(hours=5 * number)
            )
        if len(bodies) > 1:
            last = started + timedelta(hours=5 * (len(bodies) - 1))
            introduction.replied_at = started + timedelta(hours=5)
            introduction.sender_read_at = introduction.recipient_read_at = last
            introduction.save(update_fields=["replied_at", "sender_read_at", "recipient_read_at"])
