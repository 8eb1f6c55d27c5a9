"""The lab team's safeguarding review queue.

Software flags and records; people decide. A flag says what tripped it and where, never copies
what the person wrote, and every change to it is in its audit trail. Notes are audit events too:
they are added, never edited or deleted.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Subquery, Value, When

from carelab.labs.models import Lab


class FlagQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def open(self):
        return self.exclude(status=SafeguardingFlag.Status.CLOSED)

    def with_status(self, choice: str):
        """The flags a queue filter shows: 'open', 'all', or one status."""
        if choice == "open":
            return self.open()
        if choice == "all":
            return self
        return self.filter(status=choice)

    def from_source(self, kind: str):
        """Flags raised by words written in one kind of place; every kind for an empty choice."""
        return self.filter(source_kind=kind) if kind else self

    def for_source(self, kind: str, source_id: int):
        return self.filter(source_kind=kind, source_id=source_id)

    def for_queue(self):
        """Open flags first, then oldest first (they have waited longest), with what changed last."""
        last_event = FlagEvent.objects.filter(flag=OuterRef("pk")).order_by("-created_at", "-pk")
        return (
            self.select_related("survey", "person")
            .with_source_exists()
            .annotate(
                closed_last=Case(When(status=SafeguardingFlag.Status.CLOSED, then=Value(1)), default=Value(0)),
                last_action=Subquery(last_event.values("action")[:1]),
                last_action_at=Subquery(last_event.values("created_at")[:1]),
            )
            .order_by("closed_last", "created_at", "pk")
        )

    def with_source_exists(self):
        """Annotate `source_exists`: whether the record the words were written in is still there, in the
        same query (one EXISTS per kind of source), so the queue links to it only while it can be opened."""
        whens = [
            When(
                source_kind=kind,
                then=Exists(apps.get_model(label).objects.filter(pk=OuterRef("source_id"))),
            )
            for kind, label in SOURCE_MODELS.items()
        ]
        return self.annotate(source_exists=Case(*whens, default=Value(False), output_field=BooleanField()))

    def counts(self, *, status: str = "", source: str = "") -> dict[str, int]:
        """How many flags each queue filter would show, in one query.

        The status counts are among the flags from the chosen source, and the source counts
        (keyed "source:<kind>", "source:" for every kind) among the flags in the chosen status,
        so each number is what choosing it would show beside the other choice.
        """
        status_choice = SafeguardingFlag.Status
        in_source = Q(source_kind=source) if source else Q()
        in_status = {"open": ~Q(status=status_choice.CLOSED), "all": Q(), "": Q()}.get(status, Q(status=status))
        aggregates = {
            "all": Count("pk", filter=in_source),
            "new": Count("pk", filter=in_source & Q(status=status_choice.NEW)),
            "in_review": Count("pk", filter=in_source & Q(status=status_choice.IN_REVIEW)),
            "closed": Count("pk", filter=in_source & Q(status=status_choice.CLOSED)),
            "source:": Count("pk", filter=in_status),
        }
        for kind in SafeguardingFlag.Source.values:
            aggregates[f"source:{kind}"] = Count("pk", filter=in_status & Q(source_kind=kind))
        counts = self.aggregate(**aggregates)
        return {**counts, "open": counts["new"] + counts["in_review"]}


class SafeguardingFlag(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        CLOSED = "closed", "Closed"

    class Reason(models.TextChoices):
        PHQ9_ITEM9 = "phq9_item9_positive", "PHQ-9 question 9 answered above 0"
        MOST_SEVERE_BAND = "most_severe_band", "A score in the most severe band"
        RISK_PHRASE = "risk_phrase", "Free text matched a risk phrase"
        RISK_WORDS = "risk_words", "Words suggest the person may be at risk"

    class Source(models.TextChoices):
        """Where the words or answers that raised the flag were written."""

        SURVEY_RESPONSE = "survey_response", "Survey answers"
        COMMENT = "comment", "Comment"
        PROFILE_CARD = "profile_card", "Profile card"
        CONNECT_MESSAGE = "connect_message", "Connect message"
        APPLICATION = "application", "Application to take part"
        EVENT_REGISTRATION = "event_registration", "Event registration"
        TEST_TEAM = "test_team", "Test team's measure"
        EVIDENCE_SUBMISSION = "evidence_submission", "Example or story sent to the evidence library"
        IDEA = "idea", "Idea"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="safeguarding_flags")
    # The flag and its audit trail outlive the response: an unfinished response is deleted after the
    # survey's retention period, and a review must not vanish with it. The flag keeps the survey and
    # the reference, which say nothing about the person.
    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.SET_NULL, null=True, blank=True, related_name="safeguarding_flags"
    )
    survey_response = models.ForeignKey(
        "surveys.SurveyResponse",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="safeguarding_flags",
    )
    response_reference = models.CharField(max_length=12, blank=True)
    # One queue for every place a person's words are read: the source is named by kind and id (no
    # foreign key, since the flag outlives the record), with a title and the team's page for it
    # written when the flag is raised. Never the words themselves.
    source_kind = models.CharField(max_length=30, choices=Source.choices, default=Source.SURVEY_RESPONSE)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_title = models.CharField(max_length=200, blank=True, help_text="Where it was written, never the words.")
    source_url = models.CharField(max_length=300, blank=True)
    # Who wrote the words, when known (a signed-in person); emptied when they delete their account.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reasons = models.JSONField(default=list)
    details = models.JSONField(default=dict, blank=True, help_text="Which instrument or phrase; never the text.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="one_flag_per_source",
            )
        ]

    def __str__(self):
        return f"Safeguarding flag {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


# Where each kind of source lives, to tell whether it still exists (the flag outlives it).
SOURCE_MODELS = {
    SafeguardingFlag.Source.SURVEY_RESPONSE: "surveys.SurveyResponse",
    SafeguardingFlag.Source.COMMENT: "comments.Comment",
    SafeguardingFlag.Source.PROFILE_CARD: "participants.ProfileCard",
    SafeguardingFlag.Source.CONNECT_MESSAGE: "connect.ConversationMessage",
    SafeguardingFlag.Source.APPLICATION: "participants.Application",
    SafeguardingFlag.Source.EVENT_REGISTRATION: "events.Registration",
    SafeguardingFlag.Source.EVIDENCE_SUBMISSION: "evidence.EvidenceItem",
    SafeguardingFlag.Source.TEST_TEAM: "improvement.TestTeam",
    SafeguardingFlag.Source.IDEA: "ideas.Idea",
}


def flag_for_source(kind: str):
    """A subquery giving the id of the flag raised by a record of this kind (or None), for list pages
    that tag flagged records: `Comment.objects.annotate(safeguarding_flag_id=flag_for_source("comment"))`."""
    return Subquery(
        SafeguardingFlag.objects.filter(source_kind=kind, source_id=OuterRef("pk")).values("pk")[:1],
        output_field=models.BigIntegerField(),
    )


class FlagEvent(models.Model):
    class Action(models.TextChoices):
        RAISED = "raised", "Flag raised"
        UPDATED = "updated", "More reasons found"
        REVIEW_STARTED = "review_started", "Review started"
        NOTE_ADDED = "note_added", "Note added"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        REOPENED_AUTOMATICALLY = "reopened_automatically", "Reopened: more reasons found"

    flag = models.ForeignKey(SafeguardingFlag, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40, choices=Action.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} on flag {self.flag_id}"


class SafeguardingGuidance(models.Model):
    """What the lab's safeguarding plan says to do with a flag, shown beside every flag. Markdown."""

    lab = models.OneToOneField(Lab, on_delete=models.CASCADE, related_name="safeguarding_guidance")
    body = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Safeguarding guidance for {self.lab}"
