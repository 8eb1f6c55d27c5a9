"""Connect: introductions between a lab's participants, without revealing anyone's e-mail address.

A participant (or lab-team member) sends another person in the lab an `Introduction`: its first
`ConversationMessage` is what they wrote. Neither address is shown to the other person until the
recipient replies on the site (`replied_at`); from then on both see both addresses, and either can
write more. People can `Block` each other (it holds in every lab) and report a conversation to the
lab team (`ConversationReport`), who may stop a person from using Connect in their lab
(`ConnectStop`). See docs/decisions/0008-connect.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from carelab.labs.models import Lab

MESSAGE_MAX_LENGTH = 1500
REASON_MAX_LENGTH = 2000


class IntroductionQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def involving(self, user):
        return self.filter(Q(sender=user) | Q(recipient=user))

    def between(self, one, other):
        """Introductions between two people, whoever started them."""
        return self.filter(Q(sender=one, recipient=other) | Q(sender=other, recipient=one))

    def sent_since(self, user, since):
        """Introductions the person started since a time (for the daily limit)."""
        return self.filter(sender=user, created_at__gte=since)

    def for_inbox(self, user):
        """The person's conversations, newest activity first, with when the last message came from each side."""
        messages = ConversationMessage.objects.filter(introduction=OuterRef("pk")).order_by("-created_at", "-pk")
        return (
            self.involving(user)
            .annotate(
                latest_at=Subquery(messages.values("created_at")[:1]),
                latest_from_other_at=Subquery(messages.exclude(author=user).values("created_at")[:1]),
            )
            .order_by("-latest_at", "-pk")
        )


class Introduction(models.Model):
    """One person introducing themselves to another in a lab; the start of a conversation between them."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="introductions")
    # Both people's records go with either account (docs/decisions/0008): a conversation is
    # personal data of both, and half of one makes no sense.
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_sent")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_received"
    )
    # The names each person had in the lab when the introduction was sent (their card's display name).
    sender_name = models.CharField(max_length=80)
    recipient_name = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    replied_at = models.DateTimeField(
        null=True, blank=True, help_text="When the recipient first replied. From then on both see both addresses."
    )
    sender_read_at = models.DateTimeField(null=True, blank=True)
    recipient_read_at = models.DateTimeField(null=True, blank=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "sender", "recipient"], name="one_introduction_per_pair_per_lab"),
            models.CheckConstraint(condition=~Q(sender=models.F("recipient")), name="introduction_not_to_self"),
        ]
        indexes = [models.Index(fields=["sender", "created_at"])]

    def __str__(self):
        return f"Introduction {self.pk} in {self.lab_id}"

    @property
    def has_reply(self) -> bool:
        return self.replied_at is not None

    def is_between(self, user) -> bool:
        return getattr(user, "pk", None) in (self.sender_id, self.recipient_id)

    def other_person(self, user):
        return self.recipient if user.pk == self.sender_id else self.sender

    def other_name(self, user) -> str:
        return self.recipient_name if user.pk == self.sender_id else self.sender_name

    def own_name(self, user) -> str:
        return self.sender_name if user.pk == self.sender_id else self.recipient_name

    def name_of(self, user_id: int) -> str:
        return self.sender_name if user_id == self.sender_id else self.recipient_name

    def read_at_for(self, user):
        return self.sender_read_at if user.pk == self.sender_id else self.recipient_read_at


class ConversationMessage(models.Model):
    """A message in a conversation: the introduction itself, the reply and whatever follows. Plain text."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["introduction", "created_at"])]

    def __str__(self):
        return f"Message {self.pk} in introduction {self.introduction_id}"


class BlockQuerySet(models.QuerySet):
    def between(self, one, other):
        """Blocks either person made of the other."""
        return self.filter(Q(blocker=one, blocked=other) | Q(blocker=other, blocked=one))

    def made_by(self, user):
        return self.filter(blocker=user)


class Block(models.Model):
    """One person blocking another: neither can send the other an introduction or a message, in any lab."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received")
    # Where and under what name the blocker knew them, for the blocker's list of people they blocked.
    blocked_name = models.CharField(max_length=80)
    lab = models.ForeignKey(Lab, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = BlockQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")]

    def __str__(self):
        return f"Block {self.pk}"


class ConversationReportQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def open(self):
        return self.filter(closed_at__isnull=True)

    def for_review(self):
        """Open reports, oldest first, with the people involved and the conversation's messages."""
        return (
            self.open()
            .select_related("introduction", "reporter", "reported")
            .prefetch_related("introduction__messages")
            .order_by("created_at", "pk")
        )


class ConversationReport(models.Model):
    """Someone in a conversation asking the lab team to look at it. The team reads it only then."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="conversation_reports")
    # The conversation goes with either person's account; the report stays, with the reason, so the
    # lab team can finish dealing with it (docs/decisions/0008). Names come from the conversation, or
    # from the accounts while they exist: nothing here keeps the name of someone who has gone.
    introduction = models.ForeignKey(
        Introduction, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=200, blank=True)

    objects = ConversationReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["lab", "closed_at"])]

    def __str__(self):
        return f"Report {self.pk} on a conversation"


class ConnectStopQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)


class ConnectStop(models.Model):
    """The lab team has stopped this person sending introductions and messages in the lab."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="connect_stops")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connect_stops")
    name = models.CharField(max_length=80, help_text="The person's name in the lab when they were stopped.")
    reason = models.TextField(max_length=REASON_MAX_LENGTH, help_text="The person can see this.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ConnectStopQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="one_connect_stop_per_person_per_lab")]

    def __str__(self):
        return f"{self.name} stopped from Connect in lab {self.lab_id}"
