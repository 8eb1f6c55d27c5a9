"""Qualitative coding and the insights that come from it.

The lab team and the coders it invites code spans of text from sources (survey free-text answers,
evidence items and their attachments, submitted stories, event notes) against the lab's
hierarchical codebook; themes group codes, areas of opportunity group themes, and insights rest on
excerpts, evidence items and quotes. A quote exists only where its author consented to being quoted,
and goes everywhere at once when that consent is withdrawn.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from carelab.events.models import Event
from carelab.evidence.models import Attachment, EvidenceItem
from carelab.labs.models import Lab
from carelab.surveys.models import SurveyResponse

NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 20_000


class Coder(models.Model):
    """Someone outside the lab team whom the team invited to code this lab's sources."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="coders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coding_labs")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="coder_once_per_lab")]

    def __str__(self):
        return f"{self.user} codes in {self.lab}"


class Code(models.Model):
    """A code in the lab's codebook; codes nest under a parent."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH, help_text="When to use this code.")
    position = models.PositiveIntegerField(default=0)
    # "#RRGGBB" when a code came with a colour from another tool (REFI-QDA), kept so it goes back out.
    color = models.CharField(max_length=7, blank=True)
    # REFI-QDA identifies codes by GUID; kept so an exported codebook imports back as the same codes.
    guid = models.UUIDField(unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "parent", "name"], name="code_name_unique_under_parent"),
            models.UniqueConstraint(
                fields=["lab", "name"], condition=Q(parent__isnull=True), name="top_code_name_unique"
            ),
        ]

    def __str__(self):
        return self.name


class SourceQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)


class Source(models.Model):
    """A text to code, with the words as they were when it was added (offsets point into `text`).

    Exactly one of the links is set, by kind. A source goes when what it came from goes (a survey
    response deleted, an evidence item removed), and takes its excerpts, codings and quotes with it.
    """

    class Kind(models.TextChoices):
        SURVEY_ANSWER = "survey_answer", "Survey answer"
        EVIDENCE_ITEM = "evidence_item", "Evidence item"
        ATTACHMENT = "attachment", "Attachment"
        STORY = "story", "Submitted story"
        EVENT_NOTES = "event_notes", "Event notes and outputs"
        IMPORTED = "imported", "Imported text"  # a text source from a REFI-QDA project (.qdpx)

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="coding_sources")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    name = models.CharField(max_length=300, help_text="How the source is named in lists and exports.")
    text = models.TextField()
    survey_response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, null=True, blank=True, related_name="coding_sources"
    )
    question = models.CharField(max_length=100, blank=True, help_text="The survey question answered.")
    evidence_item = models.ForeignKey(
        EvidenceItem, on_delete=models.CASCADE, null=True, blank=True, related_name="coding_sources"
    )
    attachment = models.ForeignKey(
        Attachment, on_delete=models.CASCADE, null=True, blank=True, related_name="coding_sources"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True, related_name="coding_sources")
    # The respondent's group for cross-tabs (for example "Lived experience"), empty when unknown.
    group = models.CharField(max_length=200, blank=True)
    guid = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["lab", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["survey_response", "question"],
                condition=Q(survey_response__isnull=False),
                name="one_source_per_answer",
            ),
        ]

    def __str__(self):
        return self.name


class Excerpt(models.Model):
    """A span of a source's text: characters [start, end)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="excerpts")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    guid = models.UUIDField(unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="excerpt_not_empty"),
            models.UniqueConstraint(fields=["source", "start", "end"], name="one_excerpt_per_span"),
        ]

    def __str__(self):
        return self.text[:60]


class Coding(models.Model):
    """One coder's judgement that an excerpt is an instance of a code."""

    excerpt = models.ForeignKey(Excerpt, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    # Kept without the person when a coder deletes their account, so the lab's analysis stands.
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="codings"
    )
    guid = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["excerpt", "code", "coder"], name="one_coding_per_coder")]

    def __str__(self):
        return f"{self.code} on {self.excerpt_id}"


class Memo(models.Model):
    """A note on a code, a source or an excerpt (exactly one of them)."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="memos")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    excerpt = models.ForeignKey(Excerpt, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="coding_memos"
    )
    guid = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class SuggestionRun(models.Model):
    """A background run of theme or code suggestions, with its progress for the page that waits on it."""

    class Kind(models.TextChoices):
        THEMES = "themes", "Theme suggestions"
        CODES = "codes", "Code suggestions"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="suggestion_runs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    # What was asked for (source ids, the number of themes) and what came back (labels, keywords,
    # assignments by source id): ids and derived words only, never whole answers (decision 0015).
    request = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"


class Theme(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    codes = models.ManyToManyField(Code, blank=True, related_name="themes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["lab", "name"], name="theme_name_unique_in_lab")]

    def __str__(self):
        return self.name


class OpportunityArea(models.Model):
    """An area of opportunity: themes grouped in the lab's "making sense" phase."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="opportunity_areas")
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    themes = models.ManyToManyField(Theme, blank=True, related_name="areas")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["lab", "name"], name="area_name_unique_in_lab")]

    def __str__(self):
        return self.name


class QuoteQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def published(self):
        """Quotes anyone may read: published, and so approved by a second team member and still consented to."""
        return self.filter(status=Quote.Status.PUBLISHED)

    def withdrawn(self):
        return self.filter(status=Quote.Status.WITHDRAWN)

    def live(self):
        """Every quote that still has words: all but the withdrawn."""
        return self.exclude(status=Quote.Status.WITHDRAWN)


class Quote(models.Model):
    """An excerpt whose author consented to being quoted, on its way to publication.

    raw → redacted → approved → published. `text` is the words as they will be published; the
    redaction log (`QuoteRedaction`) is kept apart from it and never published. A withdrawn quote
    keeps no words: only that it was withdrawn and when, for the team's page.

    `source` ties the quote to the person's consent (their survey response or submission) even if
    the excerpt goes. Withdrawing unlinks it (`withdraw_quotes`); a source deleted any other way
    deletes its quotes with it, so a quote never outlives the record of whose words it is.
    """

    class Status(models.TextChoices):
        RAW = "raw", "Raw"
        REDACTED = "redacted", "Redacted"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="quotes")
    excerpt = models.ForeignKey(Excerpt, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True, related_name="quotes")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RAW, db_index=True)
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    # Generic, never naming anyone: "Lab participant, lived experience, North West".
    attribution = models.CharField(max_length=300)
    # Who last marked the redactions done: a second team member approves (`approve_quote`).
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    redacted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lab", "status"])]

    def __str__(self):
        return self.text[:60]


class QuoteRedaction(models.Model):
    """One change made to a quote's words before approval: what kind of thing was taken out, by whom.

    Kept apart from the quote's text and never shown publicly. It records the kind and the
    replacement, not the words removed.
    """

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="redactions")
    # A kind from carelab/lib/quote_redaction.py KINDS (postcode, address and date_of_birth too).
    kind = models.CharField(max_length=40, help_text="name, place, organisation, phone, email, nhs_number, other")
    replacement = models.CharField(max_length=100)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.kind} redacted in quote {self.quote_id}"


class Insight(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEWED = "reviewed", "Reviewed by a second team member"
        PUBLISHED = "published", "Published"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="insights")
    statement = models.CharField(max_length=500)
    detail = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH, help_text="Markdown.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="insights")
    areas = models.ManyToManyField(OpportunityArea, blank=True, related_name="insights")
    excerpts = models.ManyToManyField(Excerpt, blank=True, related_name="insights")
    evidence_items = models.ManyToManyField(EvidenceItem, blank=True, related_name="insights")
    quotes = models.ManyToManyField(Quote, blank=True, related_name="insights")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.statement

    def get_absolute_url(self):
        return reverse("insights:public_insight", args=[self.lab.slug, self.pk])


class InsightEvent(models.Model):
    """The audit trail of an insight's status: reviewed, sent back, published, unpublished. Never edited.

    The note is what the lab team wrote when sending an insight back ("say where the second study
    comes in"); it is the team's own words about the insight, never a participant's.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Written as a draft"
        REVIEWED = "reviewed", "Reviewed by a second team member"
        SENT_BACK = "sent_back", "Sent back to draft"
        CHANGED_AFTER_REVIEW = "changed_after_review", "Changed after review: back to draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Insight.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Insight.Status.choices)
    note = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} – insight {self.insight_id}"
