from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from carelab.lib.lab_names import team_name
from carelab.lib.text_checks import parse_phrases

# Counts under this are hidden in summaries shared beyond the lab team (issue 8, point 8).
DEFAULT_SMALL_NUMBER_THRESHOLD = 5
MAX_SMALL_NUMBER_THRESHOLD = 50


class LabQuerySet(models.QuerySet):
    def listed(self):
        return self.order_by("-starts_on", "title")


class Lab(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    question = models.TextField(help_text="The lab's question, in one or two sentences.")
    why_it_matters = models.TextField(help_text="Markdown. Why this challenge matters.")
    get_involved = models.TextField(blank=True, help_text="Markdown. How people can take part.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    contact_email = models.EmailField()
    premoderate_comments = models.BooleanField(
        default=True, help_text="New comments wait for the lab team's approval before anyone else sees them."
    )
    trusted_after_approved = models.PositiveSmallIntegerField(
        default=3,
        help_text=(
            "People with this many approved comments skip the queue, unless a comment trips a check. 0 means never."
        ),
    )
    risk_phrases = models.TextField(
        default="",
        blank=True,
        help_text=(
            "Every message is already checked for signs that someone may be at risk: thoughts of suicide or "
            "self-harm, plans, goodbyes, hopelessness and feeling a burden, however they are worded or spelt. "
            "Add phrases your community uses that the built-in check may not know, one a line. Text containing "
            "one is held for review and its author is shown where to get help."
        ),
    )
    small_number_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_SMALL_NUMBER_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SMALL_NUMBER_THRESHOLD)],
        help_text=(
            "In results summaries shared beyond the lab team, a count under this number is shown as "
            "“fewer than” it, so nobody can be picked out."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LabQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("labs:home", args=[self.slug])

    @property
    def team_name(self) -> str:
        """'Pain and mental health lab team': the title already says "lab", so never "… lab lab team"."""
        return team_name(self.title)

    def risk_phrase_list(self) -> list[str]:
        return parse_phrases(self.risk_phrases)

    def current_phase(self, today: date | None = None):
        """The phase whose dates include today, if any. Uses the prefetched phases when present."""
        today = today or timezone.localdate()
        for phase in self.phases.all():
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        return None

    def is_running(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on


class Phase(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            )
        ]

    def __str__(self):
        return self.name

    def status(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if today < self.starts_on:
            return "upcoming"
        if today > self.ends_on:
            return "finished"
        return "current"


class Role(models.TextChoices):
    TEAM = "team", "Lab team"
    PARTICIPANT = "participant", "Lab participant"
    MEMBER = "member", "Member"


class Membership(models.Model):
    """A person's role in one lab. A role gives no powers in any other lab."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="one_membership_per_lab")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.lab}"
