"""Participant updates: news from the lab team, e-mailed to the lab's participants and kept on the site.

An `Update` starts as a draft the lab team writes, chooses an audience for (every participant, or
those matching a filter) and previews. Sending it records, in one transaction, the update as sent
and one `Delivery` per person it is e-mailed to; a background task per delivery sends the e-mail,
checking first that the person still wants it. A person's own choice about update e-mails in a lab
is an `EmailChoice`; without one, what they agreed to when they applied decides (decision record 0009).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from carelab.labs.models import Lab
from carelab.participants.models import LabTopic

SUBJECT_MAX_LENGTH = 150
BODY_MAX_LENGTH = 10_000


class UpdateQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def drafts(self):
        return self.filter(status=Update.Status.DRAFT)

    def sent(self):
        return self.filter(status=Update.Status.SENT)

    def newest_sent_first(self):
        return self.sent().order_by("-sent_at", "-pk")

    def for_team_list(self):
        """Drafts first (latest changed first), then sent updates newest first, with their delivery counts."""
        return self.annotate(
            delivery_count=Count("deliveries"),
            emailed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        ).order_by(F("sent_at").desc(nulls_first=True), "-updated_at", "-pk")


class Update(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="updates")
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(max_length=BODY_MAX_LENGTH, help_text="Markdown, sanitised when shown.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)

    # The audience: participants matching every filter that has a value. No filters means everyone.
    audience_regions = models.JSONField(default=list, blank=True, help_text="Region codes.")
    audience_who = models.JSONField(default=list, blank=True, help_text="Keys of participants.Who.")
    audience_activities = models.JSONField(default=list, blank=True, help_text="Keys of participants.Activity.")
    audience_topics = models.ManyToManyField(LabTopic, blank=True, related_name="updates")
    audience_summary = models.TextField(blank=True, help_text="Who it was for, in words, as it was when sent.")

    # Kept when the person's account is deleted, without their name.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(sent_at__isnull=False), name="sent_update_has_sent_at"
            )
        ]
        indexes = [models.Index(fields=["lab", "status", "sent_at"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("updates:detail", args=[self.lab.slug, self.pk])

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT


class Delivery(models.Model):
    """One person an update was e-mailed to, and what became of the e-mail."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENT = "sent", "E-mailed"
        SKIPPED = "skipped", "Not sent"

    class SkipReason(models.TextChoices):
        TURNED_OFF = "turned_off", "They turned off update e-mails"
        LEFT_LAB = "left_lab", "No longer a participant"
        ACCOUNT_CLOSED = "account_closed", "Account closed"

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="update_deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    skip_reason = models.CharField(max_length=20, choices=SkipReason.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["update", "recipient"], name="one_delivery_per_person")]

    def __str__(self):
        return f"{self.update} to {self.recipient_id}"


class EmailChoice(models.Model):
    """A person's own choice about update e-mails from one lab, with the words they chose by and how."""

    class Via(models.TextChoices):
        PAGE = "page", "Their choice on the lab's updates page"
        LINK = "link", "The link in an update e-mail"
        ONE_CLICK = "one_click", "Their e-mail program's unsubscribe button"
        CONSENT = "consent", "Giving or withdrawing their agreement to e-mails on their application"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="update_email_choices")
    wants_email = models.BooleanField()
    wording = models.TextField(help_text="What the person chose, in the words they were shown.")
    via = models.CharField(max_length=20, choices=Via.choices)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="one_email_choice_per_lab")]

    def __str__(self):
        return f"{self.user_id} {'wants' if self.wants_email else 'does not want'} updates from {self.lab_id}"
