"""A lab's evidence library: studies, reviews, data, practice examples, stories and the lab's own outputs.

The lab team adds and imports items; participants read the items the team shares with them;
participants and partner organisations submit examples of practice and stories, which wait for the
team's review (`Review`) with the consents they gave recorded with their wording and version.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.urls import reverse

from carelab.core.private_files import private_storage  # noqa: F401 (migrations name it here)
from carelab.labs.models import Lab
from carelab.lib.regions import REGIONS
from carelab.organisations.models import Organisation

TITLE_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 20_000


class EvidenceItemQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def in_library(self):
        """Items the lab team added, imported or accepted from a submission."""
        return self.filter(review=EvidenceItem.Review.ACCEPTED)

    def shared_with_participants(self):
        return self.in_library().filter(shared_with_participants=True)

    def waiting_for_review(self):
        return self.filter(review=EvidenceItem.Review.WAITING)

    def submissions(self):
        """Examples and stories sent in by participants and organisations, whatever their review."""
        return self.filter(origin=EvidenceItem.Origin.SUBMISSION)

    def submitted_by_person(self, user):
        return self.submissions().filter(submitted_by=user)


class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        STUDY = "study", "Research study"
        REVIEW = "review", "Review"
        DATA_SET = "data_set", "Data set"
        PRACTICE = "practice", "Practice example"
        STORY = "story", "Lived-experience story"
        SURVEY_FINDING = "survey_finding", "Survey finding"
        WORKSHOP_OUTPUT = "workshop_output", "Workshop output"
        OTHER = "other", "Other"

    class Review(models.TextChoices):
        WAITING = "waiting", "Waiting for the lab team's review"
        ACCEPTED = "accepted", "In the library"
        DECLINED = "declined", "Not added to the library"

    class Origin(models.TextChoices):
        TEAM = "team", "Added by the lab team"
        IMPORT = "import", "Imported from a reference file"
        SUBMISSION = "submission", "Submitted by a participant or organisation"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="evidence_items")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.STUDY)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    # One author per item, as written in the source ("Smith, J. A."), in the source's order.
    authors = models.JSONField(default=list, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=500, blank=True, help_text="The journal, publisher or organisation.")
    # Stored in lower case without "https://doi.org/", so duplicates compare equal (carelab/lib/references.py).
    doi = models.CharField(max_length=200, blank=True, db_index=True)
    pmid = models.CharField(max_length=20, blank=True, db_index=True)
    url = models.URLField(max_length=1000, blank=True)
    abstract = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH, help_text="The abstract or a summary.")
    keywords = models.JSONField(default=list, blank=True)
    tags = models.ManyToManyField("EvidenceTag", blank=True, related_name="items")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence_items"
    )
    region = models.CharField(max_length=30, choices=REGIONS, blank=True)
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH, help_text="The lab team's own notes.")
    shared_with_participants = models.BooleanField(
        default=False, help_text="The lab's participants can read this item in the library."
    )
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.TEAM)
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.ACCEPTED, db_index=True)
    # Title, abstract, keywords, notes and attachments' text, as searched and coded.
    search_text = models.TextField(blank=True, editable=False)
    # A submission (Origin.SUBMISSION): who sent it, and each consent they gave, as
    # {name: {"wording", "version", "given_at"}} with "withdrawn_at" once withdrawn (like survey consents).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence_submissions"
    )
    consents = models.JSONField(default=dict, blank=True)
    # What the shared check of a submission's words found when it was sent (carelab/safeguarding/checks.py):
    # {"risk": level, "risk_reasons": [...], "personal_data": [...]}, the names of patterns, never the words.
    words_check = models.JSONField(default=dict, blank=True)
    # The lab team's decision on a submission: who, when, and the reason they gave for declining it,
    # which is e-mailed to the person.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvidenceItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lab", "review", "kind"]), models.Index(fields=["lab", "year"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evidence:item", args=[self.lab.slug, self.pk])

    def text_for_search(self, attachment_texts: Iterable[str] = ()) -> str:
        """What `search_text` holds: title, authors, abstract, keywords, notes and attachments' text."""
        parts = [self.title, "; ".join(self.authors or []), self.abstract, "; ".join(self.keywords or []), self.notes]
        return "\n".join(part for part in [*parts, *attachment_texts] if part)

    def has_consent(self, name: str) -> bool:
        """Whether the submitter gave this consent ("use", "quote") and has not withdrawn it."""
        consent = (self.consents or {}).get(name)
        return isinstance(consent, dict) and not consent.get("withdrawn_at")

    @property
    def is_submission(self) -> bool:
        return self.origin == self.Origin.SUBMISSION

    @property
    def words_had_risk(self) -> bool:
        """Whether the check of the words as sent suggested the writer may be at risk."""
        return (self.words_check or {}).get("risk", "none") not in ("", "none")

    @property
    def words_had_personal_data(self) -> bool:
        return bool((self.words_check or {}).get("personal_data"))


class EvidenceTag(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="evidence_tags")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["lab", "name"], name="evidence_tag_unique_in_lab")]

    def __str__(self):
        return self.name


def _attachment_path(attachment, filename):
    # Never under MEDIA_URL's public folder: attachments are served by a gatekeeper view.
    return f"evidence/{attachment.item.lab_id}/{attachment.item_id}/{filename}"


class Attachment(models.Model):
    """A file attached to an item (PDF, text or Word), with its text extracted for search and coding."""

    class Text(models.TextChoices):
        WAITING = "waiting", "Reading the text in the file"
        READ = "read", "Text read for search and coding"
        NO_TEXT = "no_text", "No text found in the file"
        FAILED = "failed", "CareLab could not read the text in the file"

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, storage=private_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    extracted_text = models.TextField(blank=True)
    # Where extracting the text got to, and why it failed ("protected by a password"), for the item page.
    text_status = models.CharField(max_length=20, choices=Text.choices, default=Text.WAITING)
    text_problem = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
