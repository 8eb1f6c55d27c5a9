"""The lab team's safeguarding review queue.

Software flags and records; people decide. A flag says what tripped it and where, never copies
what the person wrote, and every change to it is in its audit trail.
"""

from django.conf import settings
from django.db import models

from carelab.labs.models import Lab


class FlagQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def open(self):
        return self.exclude(status=SafeguardingFlag.Status.CLOSED)


class SafeguardingFlag(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        CLOSED = "closed", "Closed"

    class Reason(models.TextChoices):
        PHQ9_ITEM9 = "phq9_item9_positive", "PHQ-9 question 9 answered above 0"
        MOST_SEVERE_BAND = "most_severe_band", "A score in the most severe band"
        RISK_PHRASE = "risk_phrase", "Free text matched a risk phrase"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="safeguarding_flags")
    survey_response = models.ForeignKey(
        "surveys.SurveyResponse", on_delete=models.CASCADE, null=True, blank=True, related_name="safeguarding_flags"
    )
    reasons = models.JSONField(default=list)
    details = models.JSONField(default=dict, blank=True, help_text="Which instrument or phrase; never the text.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Safeguarding flag {self.pk}"


class FlagEvent(models.Model):
    flag = models.ForeignKey(SafeguardingFlag, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} on flag {self.flag_id}"
