"""Ideas: anyone signed in proposes "How might we …?", others support it and comment (issue 11).

An idea may be tied to the insights and areas of opportunity that prompted it. The lab team moves
it through stages (proposed, developing, testing, adopted, adapted, abandoned), each move with a
reason, kept as its history. Test teams take ideas up (`improvement.TestTeam.ideas`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from carelab.insights.models import Insight, OpportunityArea
from carelab.labs.models import Lab

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5_000


class Stage(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DEVELOPING = "developing", "Developing"
    TESTING = "testing", "Testing"
    ADOPTED = "adopted", "Adopted"
    ADAPTED = "adapted", "Adapted"
    ABANDONED = "abandoned", "Abandoned"


class IdeaQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def published(self):
        return self.filter(status=Idea.Status.PUBLISHED)


class Idea(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        HELD = "held", "Held for the lab team to check"
        REJECTED = "rejected", "Not published"
        WITHDRAWN = "withdrawn", "Withdrawn by its author"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(max_length=TITLE_MAX_LENGTH, help_text="Start with “How might we …?”")
    description = models.TextField(
        max_length=TEXT_MAX_LENGTH, blank=True, help_text="What the idea is, who it is for and why it might help."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PROPOSED, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    # What the shared checks found (carelab/safeguarding/checks.py): for the lab team and the author only.
    hold_reasons = models.JSONField(default=list, blank=True)
    risk_level = models.CharField(max_length=10, blank=True, default="")
    risk_reasons = models.JSONField(default=list, blank=True)
    decision_reason = models.TextField(blank=True, help_text="Shown to the author when an idea is not published.")
    insights = models.ManyToManyField(Insight, blank=True, related_name="ideas")
    areas = models.ManyToManyField(OpportunityArea, blank=True, related_name="ideas")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lab", "status", "stage"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:idea", args=[self.lab.slug, self.pk])


class Support(models.Model):
    """One person's support for an idea: at most once each."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="support_idea_once")]

    def __str__(self):
        return f"{self.user} supports {self.idea}"


class StageChange(models.Model):
    """One move of an idea from stage to stage, with the lab team's reason. Never edited."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    reason = models.TextField(max_length=TEXT_MAX_LENGTH)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.idea}: {self.from_stage} → {self.to_stage}"
