from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from carelab.ideas.models import Idea
from carelab.labs.models import Lab
from carelab.posts.models import Post

COMMENT_MAX_LENGTH = 5000


class CommentPolicyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())

    def current_for(self, lab: Lab):
        """The lab's newest published policy, or None if it has none yet."""
        return self.published().filter(lab=lab).order_by("-version").first()

    def for_lab(self, lab: Lab):
        return self.filter(lab=lab).order_by("-version")

    def next_version_for(self, lab: Lab) -> int:
        latest = self.filter(lab=lab).aggregate(latest=models.Max("version"))["latest"]
        return (latest or 0) + 1


class CommentPolicy(models.Model):
    """A version of a lab's comments policy. Published versions are never edited: publish a new one."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="comment_policies")
    version = models.PositiveIntegerField()
    body = models.TextField(help_text="Markdown.")
    summary_of_changes = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    objects = CommentPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["lab", "-version"]
        constraints = [models.UniqueConstraint(fields=["lab", "version"], name="one_policy_per_version")]
        verbose_name_plural = "comment policies"

    def __str__(self):
        return f"{self.lab} comments policy, version {self.version}"


class PolicyAcceptanceQuerySet(models.QuerySet):
    def has_accepted(self, user, policy: CommentPolicy) -> bool:
        return user.is_authenticated and self.filter(user=user, policy=policy).exists()


class PolicyAcceptance(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acceptances")
    policy = models.ForeignKey(CommentPolicy, on_delete=models.CASCADE, related_name="acceptances")
    accepted_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyAcceptanceQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "policy"], name="accept_policy_once")]

    def __str__(self):
        return f"{self.user} accepted {self.policy}"


def on_subject(subject: Post | Idea) -> Q:
    """The comments under a post or an idea: the thing a comment is written on is its subject."""
    return Q(idea=subject) if isinstance(subject, Idea) else Q(post=subject)


def closed_reason(subject: Post | Idea) -> str:
    """Why no comment may be written on this post or idea now, or "" when comments are open."""
    if isinstance(subject, Idea):
        return "" if subject.status == Idea.Status.PUBLISHED else "Comments open when the idea is published."
    if not subject.is_visible():
        return "Comments open when the post is published."
    if not subject.comments_open:
        return "Comments are closed on this post."
    return ""


class CommentQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        """Comments on the lab's posts and on its ideas."""
        return self.filter(Q(post__lab=lab) | Q(idea__lab=lab))

    def on(self, subject: Post | Idea):
        return self.filter(on_subject(subject))

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def for_queue(self):
        """Pending comments, oldest first, with what the queue shows about each."""
        return self.pending().with_subject().select_related("author").order_by("created_at", "pk")

    def with_subject(self):
        """With the post or idea each comment is on, and its lab, in the same query."""
        return self.select_related("post", "post__lab", "idea", "idea__lab")

    def for_thread(self, subject: Post | Idea, user):
        """Everything the thread under a post or an idea may show this person, in one query."""
        return self.on(subject).visible_to(user).select_related("author", "parent").order_by("created_at", "pk")

    def written_since(self, user, since):
        """Comments the person wrote since a time, whatever became of them (for the rate limit)."""
        return self.filter(author=user, created_at__gte=since)

    def visible_to(self, user):
        """Approved comments, plus the person's own comments that wait or were rejected.

        Hidden comments stay in the thread only as placeholders when they have replies;
        the thread builder decides that, so they are included here too.
        """
        shown = Q(status__in=[Comment.Status.APPROVED, Comment.Status.HIDDEN, Comment.Status.DELETED])
        if user.is_authenticated:
            shown |= Q(author=user, status__in=[Comment.Status.PENDING, Comment.Status.REJECTED])
        return self.filter(shown)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Published"
        REJECTED = "rejected", "Not published"
        HIDDEN = "hidden", "Hidden by the lab team"
        DELETED = "deleted", "Deleted by its author"

    class HoldReason(models.TextChoices):
        PREMODERATION = "premoderation", "All new comments are checked"
        RISK = "risk", "Words suggest the writer may be at risk"
        PERSONAL_DATA = "personal_data", "May contain personal data"

    # A comment is on a post or on an idea, never both (the check constraint below).
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    hold_reasons = models.JSONField(default=list, blank=True)
    # What the risk check found ("possible" or "urgent", and its reasons in words, each naming a
    # pattern or one of the lab's phrases): for the moderators and the author, never for others.
    risk_level = models.CharField(max_length=10, blank=True, default="")
    risk_reasons = models.JSONField(default=list, blank=True)
    decision_reason = models.TextField(blank=True, help_text="Shown to the author when a comment is not published.")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["post", "status"]),
            models.Index(fields=["idea", "status"]),
            models.Index(fields=["author", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, idea__isnull=True) | Q(post__isnull=True, idea__isnull=False),
                name="comment_on_post_or_idea",
            )
        ]

    def __str__(self):
        return f"Comment {self.pk} on {self.subject}"

    @property
    def subject(self) -> Post | Idea:
        """The post or idea the comment is on: both have a lab, a title and a page."""
        return self.post if self.post_id else self.idea

    @property
    def subject_kind(self) -> str:
        """'post' or 'idea', for words such as 'Back to the post'."""
        return "post" if self.post_id else "idea"

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def top_level_id(self) -> int:
        """Replies go one level deep: a reply to a reply joins its top-level comment's thread."""
        return self.parent_id or self.pk


class ModerationEvent(models.Model):
    """The audit trail: every change to a comment, by whom, when and why. Never edited."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted and held for moderation"
        PUBLISHED = "published", "Published without moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        HIDDEN = "hidden", "Hidden"
        RESTORED = "restored", "Restored"
        REPORTED = "reported", "Reported"
        REPORT_DISMISSED = "report_dismissed", "Report dismissed"
        AUTHOR_DELETED = "author_deleted", "Author deleted their account"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} – comment {self.comment_id}"


class ReportQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(Q(comment__post__lab=lab) | Q(comment__idea__lab=lab))

    def open(self):
        return self.filter(resolved_at__isnull=True)

    def for_review(self):
        """Open reports, oldest first, with the comment, its post and the people involved."""
        return (
            self.open()
            .select_related(
                "comment",
                "comment__author",
                "comment__post",
                "comment__post__lab",
                "comment__idea",
                "comment__idea__lab",
                "reporter",
            )
            .order_by("created_at", "pk")
        )


class Report(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=200, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Report on comment {self.comment_id}"
