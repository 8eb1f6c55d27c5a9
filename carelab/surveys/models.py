"""Surveys: a lab's questions, the versions people answered, and their answers.

A survey's questions live in its `definition` (the XLSForm-shaped structure from
carelab.lib.survey_definition, stored as JSON). People answer a fixed `SurveyVersion`:
once a version has answers it never changes, and an edit that alters meaning makes a new
version. A `SurveyResponse` is saved after every page as a draft, and becomes submitted
exactly once; its answers are then also written as `Answer` rows, one per question (one per
chosen option for multiple choice), so results are counted in the database.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from carelab.labs.models import Lab
from carelab.lib.survey_definition import SurveyDefinition, definition_from_dict
from carelab.lib.survey_languages import with_default_language

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
REFERENCE_LENGTH = 8
CHANGE_CODE_LENGTH = 16


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SurveyQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def with_versions_newest_first(self):
        """Each survey's `versions` prefetched, the newest first (the team's list reads them all)."""
        versions = SurveyVersion.objects.order_by("-number")
        return self.prefetch_related(models.Prefetch("versions", queryset=versions))

    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Survey.Status.OPEN).filter(
            models.Q(opens_at__isnull=True) | models.Q(opens_at__lte=now),
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now),
        )


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="surveys")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="Markdown. Why you are asking and how answers will be used.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    definition = models.JSONField(help_text="The working definition the lab team edits.")
    current_version = models.ForeignKey(
        "SurveyVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enable_start_back = models.BooleanField(
        default=False, help_text="Offer the STarT Back tool (free for non-commercial use with its copyright notice)."
    )
    phq9_item9_enabled = models.BooleanField(
        default=False, help_text="Ask PHQ-9 item 9 (thoughts of self-harm). Needs a confirmed safeguarding plan."
    )
    safeguarding_plan_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    safeguarding_plan_confirmed_at = models.DateTimeField(null=True, blank=True)
    draft_retention_days = models.PositiveSmallIntegerField(
        default=30, help_text="Unfinished answers are deleted after this many days."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # One of the form's languages as XLSForm names it ("Cymraeg (cy)"); empty for the form's own default.
    default_language = models.CharField(
        max_length=200, blank=True, help_text="The language people see first, when the survey has several."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["lab", "slug"], name="survey_slug_unique_in_lab")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:start", args=[self.lab.slug, self.slug])

    def working_definition(self) -> SurveyDefinition:
        return definition_from_dict(self.definition)

    def definition_for_xlsform(self) -> SurveyDefinition:
        """The working definition as the XLSForm export writes it, with the team's choice of default language."""
        definition = self.working_definition()
        return with_default_language(definition, self.first_language(definition))

    def first_language(self, definition: SurveyDefinition) -> str:
        """The language people see ``definition`` in until they choose: the team's default if the form has it."""
        if self.default_language in definition.languages:
            return self.default_language
        return definition.default_language

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class SurveyVersion(models.Model):
    """A definition people answered. Never changed once it has responses."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="one_survey_version_number")]

    def __str__(self):
        return f"{self.survey} version {self.number}"

    def parsed(self) -> SurveyDefinition:
        """The definition as CareLab's types, made once for each `definition` this object holds."""
        held = self.__dict__.get("_parsed")
        if held is None or held[0] is not self.definition:
            held = self.__dict__["_parsed"] = (self.definition, definition_from_dict(self.definition))
        return held[1]

    def keep_parsed(self, parsed: SurveyDefinition) -> None:
        """`parsed` is this object's definition already made into CareLab's types (they are immutable)."""
        self.__dict__["_parsed"] = (self.definition, parsed)


class SurveyResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=SurveyResponse.Status.SUBMITTED)

    def drafts(self):
        return self.filter(status=SurveyResponse.Status.DRAFT)

    def for_resume_token(self, token: str):
        """The draft a resume link opens: the token shown on the page, or one sent by e-mail (`ResumeToken`)."""
        token_hash = hash_token(token)
        return self.drafts().filter(
            models.Q(resume_token_hash=token_hash)
            | models.Q(pk__in=ResumeToken.objects.filter(token_hash=token_hash).values("response"))
        )

    def quotable(self):
        """Responses whose person agreed to be quoted and has not withdrawn it."""
        return self.filter(consents__has_key="quote").exclude(consents__quote__has_key="withdrawn_at")


class SurveyResponse(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Not finished"
        SUBMITTED = "submitted", "Submitted"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    reference = models.CharField(max_length=12, unique=True, help_text="Shown to the person when they submit.")
    # Only a hash of the resume link's token is kept, so a database leak reveals no working links.
    resume_token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        help_text="Only when the person chose to link their answers to their account.",
    )
    answers = models.JSONField(default=dict, blank=True)
    # The language the person chose to answer in, as the form names it; empty for the survey's default.
    language = models.CharField(max_length=200, blank=True)
    last_section = models.PositiveSmallIntegerField(default=0)
    # {name: {"wording", "version"}} for each consent given at the start; a withdrawn one also has
    # "withdrawn_at" (ISO 8601). See has_consent and carelab/surveys/actions/changing.py.
    consents = models.JSONField(default=dict, blank=True, help_text="Each consent given, with the wording shown.")
    consented_at = models.DateTimeField(null=True, blank=True)
    scores = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Only a hash of the private code given at submission ("change your mind"), which with the
    # reference lets a person without an account delete their answers or withdraw a consent.
    change_code_hash = models.CharField(max_length=64, blank=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["survey", "status", "submitted_at"])]

    def __str__(self):
        return f"Response {self.reference}"

    @staticmethod
    def new_reference() -> str:
        return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))

    @staticmethod
    def new_resume_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def new_change_code() -> str:
        """16 characters from the reference's alphabet (80 bits): short enough to write down."""
        return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(CHANGE_CODE_LENGTH))

    def has_consent(self, name: str) -> bool:
        """Whether the person gave this consent and has not withdrawn it."""
        consents = self.consents or {}
        if name not in consents:
            return False
        consent = consents[name]
        return not (isinstance(consent, dict) and consent.get("withdrawn_at"))

    def consent_withdrawn_at(self, name: str):
        consent = (self.consents or {}).get(name)
        withdrawn = consent.get("withdrawn_at") if isinstance(consent, dict) else None
        return datetime.fromisoformat(withdrawn) if withdrawn else None

    def change_code_matches(self, code: str) -> bool:
        return bool(self.change_code_hash) and hmac.compare_digest(self.change_code_hash, hash_token(code))


class ResumeToken(models.Model):
    """Another working resume link for a draft: one is issued each time the link is e-mailed.

    The link shown on the answering pages keeps working (`SurveyResponse.resume_token_hash`); each
    e-mail carries a token made when the e-mail is sent, so no link is ever stored or queued.
    Only the hash is kept, and the tokens go with the draft (decision 0015).
    """

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="resume_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Resume token for {self.response_id}"


class ResumeLinkRequest(models.Model):
    """Someone asked for their resume link by e-mail: the address, kept only until the e-mail goes.

    The background task gets this row's id, never the address or the link; it deletes the row
    before sending, and the row goes with the draft if that goes first. `manage.py purge_expired`
    deletes any left behind (a worker that was down) after a day.
    """

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="resume_link_requests")
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Resume link request for {self.response_id}"


class ContactDetail(models.Model):
    """An e-mail address given to be contacted, kept apart from the answers and deletable on its own."""

    response = models.OneToOneField(SurveyResponse, on_delete=models.CASCADE, related_name="contact")
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Contact for {self.response_id}"


class Answer(models.Model):
    """One submitted answer, flattened for counting: one row per chosen option of a multiple choice."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answer_rows")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=100)
    choice = models.CharField(max_length=100, blank=True)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [
            # Covers the results pages' GROUP BY (question, choice, number) and their filters by
            # response, so the counts come from the index alone (carelab/surveys/results.py).
            models.Index(fields=["survey", "question", "choice", "number", "response"], name="answer_counting_idx"),
            models.Index(fields=["survey", "question", "number"]),
        ]

    def __str__(self):
        return f"{self.question}={self.choice or self.number or self.text[:20]}"


class AnswerTally(models.Model):
    """How many submitted responses gave each answer, per day they were submitted (UK time).

    Derived from `Answer` rows and kept up to date in the same transaction as each submission
    (carelab/surveys/tallies.py), so the results pages add up a few thousand tallies instead of
    millions of answers. `manage.py rebuild_survey_tallies` rebuilds them from the answers.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    question = models.CharField(max_length=100, help_text="Blank on the row that counts responses.")
    choice = models.CharField(max_length=100, blank=True)
    # The number as text (repr of a float), blank for none: a NULL would defeat the unique key
    # that the counting upsert needs.
    number = models.CharField(max_length=40, blank=True)
    people = models.BooleanField(default=False, help_text="Counts the people who answered the question at all.")
    responses = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "day", "question", "choice", "number", "people"], name="answer_tally_key"
            )
        ]
        # Responses per day (question "") without reading every answer's tallies.
        indexes = [models.Index(fields=["survey", "question", "day"], name="answer_tally_question_day")]

    def __str__(self):
        return f"{self.day} {self.question}={self.choice or self.number}: {self.responses}"


class AnswerPairTally(models.Model):
    """How many submitted responses gave an answer, among those who chose a given option.

    The same tallies as `AnswerTally` without the days, split by every option chosen in the same
    response, and once more for everyone (by question and option blank): the unfiltered counts,
    a filter by one answer and a cross-tab read them directly. Kept and rebuilt with `AnswerTally`.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    by_question = models.CharField(max_length=100)
    by_choice = models.CharField(max_length=100)
    question = models.CharField(max_length=100)
    choice = models.CharField(max_length=100, blank=True)
    number = models.CharField(max_length=40, blank=True)
    people = models.BooleanField(default=False)
    responses = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "by_question", "by_choice", "question", "choice", "number", "people"],
                name="answer_pair_tally_key",
            )
        ]

    def __str__(self):
        return f"{self.by_question}={self.by_choice}: {self.question}={self.choice or self.number}"


class ExportAudit(models.Model):
    """Who downloaded a survey's answers, in what form, whether contact details came with them, and
    whether suspected personal data in free-text answers was redacted."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        CODEBOOK = "codebook", "Codebook"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="export_audits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    format = models.CharField(max_length=20, choices=Format.choices)
    with_contact_details = models.BooleanField(default=False)
    redacted_personal_data = models.BooleanField(
        default=False, help_text="Suspected personal data in free-text answers was replaced by what it seemed to be."
    )
    filters = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_format_display()} export of {self.survey_id} by {self.user_id}"


class ResponseAudit(models.Model):
    """What happened to a submitted response after it was sent: deleted by the person, removed by
    the lab team, or a consent withdrawn. It keeps the reference, who (a lab-team member only;
    never the person who answered), when and the team's reason, never the answers."""

    class Action(models.TextChoices):
        DELETED = "deleted", "Deleted by the person who answered"
        HEALTH_DATA_WITHDRAWN = "health_data_withdrawn", "Deleted: the person withdrew agreement to use their answers"
        REMOVED_BY_TEAM = "removed_by_team", "Removed by the lab team"
        QUOTE_WITHDRAWN = "quote_withdrawn", "The person withdrew agreement to be quoted"
        CONTACT_WITHDRAWN = "contact_withdrawn", "The person withdrew agreement to be contacted"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="response_audits")
    reference = models.CharField(max_length=12)
    action = models.CharField(max_length=30, choices=Action.choices)
    consent_version = models.CharField(max_length=40, blank=True, help_text="The wording version withdrawn.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The lab-team member who removed the response; empty when the person did it themselves.",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["survey", "created_at"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.reference}"
